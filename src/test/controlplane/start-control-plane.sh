#!/usr/bin/env bash
# Starts a kubelet-less Kubernetes control plane on loopback only:
# etcd, kube-apiserver and kube-controller-manager (job, garbage collector,
# ttl-after-finished and namespace controllers). Jobs get their Pods created,
# and the Pods stay Pending because no node or scheduler exists.
#
# Usage: start-control-plane.sh <bin-dir> <work-dir>
#   <bin-dir>   holds etcd, kube-apiserver, kube-controller-manager, kubectl
#               (the last stdout line of build-control-plane.sh)
#   <work-dir>  created if missing; gets certificates, etcd data, logs, pid
#               files (a fresh etcd data dir on every start) and:
#                 kubeconfig          admin (system:masters) kubeconfig, certs embedded
#                 control-plane.env   APISERVER_URL, ETCD_URL, KUBECONFIG, ports
#               Prints <work-dir>/kubeconfig as its last stdout line.
# Stop with: stop-control-plane.sh <work-dir>
#
# Environment (all optional):
#   PARTITA_ETCD_PORT, PARTITA_ETCD_PEER_PORT, PARTITA_APISERVER_PORT,
#   PARTITA_KCM_PORT            loopback ports; by default free ones are picked
#   PARTITA_KCM_CONTROLLERS     default job-controller,garbage-collector-controller,
#                               ttl-after-finished-controller,namespace-controller
#   PARTITA_CONTROL_PLANE_OWNER_PID
#                               if set, a watchdog stops the control plane when
#                               that process (e.g. the test JVM) exits
#   PARTITA_CONTROL_PLANE_TIMEOUT  seconds to wait for readiness, default 120
#   PARTITA_KCM_API_QPS         kube-controller-manager's --kube-api-qps (burst:
#                               twice that); by default its own (20, burst 30)
#
# Only 127.0.0.1 is ever bound or contacted. The service cluster IP range is
# also a loopback range, so nothing can route anywhere even by accident.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <bin-dir> <work-dir>" >&2
  exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
TIMEOUT=${PARTITA_CONTROL_PLANE_TIMEOUT:-120}
HOST=127.0.0.1

log() { echo "start-control-plane: $*" >&2; }

for b in etcd kube-apiserver kube-controller-manager kubectl; do
  [[ -x "$BIN/$b" ]] || { log "ERROR: $BIN/$b is missing; run build-control-plane.sh"; exit 1; }
done
command -v openssl >/dev/null || { log "ERROR: openssl is not on PATH"; exit 1; }
command -v curl >/dev/null || { log "ERROR: curl is not on PATH"; exit 1; }

for p in etcd kube-apiserver kube-controller-manager watchdog; do
  if [[ -f "$WORK/$p.pid" ]] && kill -0 "$(cat "$WORK/$p.pid")" 2>/dev/null; then
    log "ERROR: $p (pid $(cat "$WORK/$p.pid")) from an earlier start still runs in $WORK; stop it first"
    exit 1
  fi
done

on_error() {
  local rc=$?
  log "start failed (exit $rc); last log lines:"
  local f
  for f in "$WORK"/logs/*.log; do
    [[ -f $f ]] || continue
    echo "==> $f <==" >&2
    tail -n 25 "$f" >&2
  done
  "$HERE/stop-control-plane.sh" "$WORK" >&2 || true
  exit "$rc"
}
trap on_error ERR

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
declare -A TAKEN=()
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 12000 ))
    if [[ -z ${TAKEN[$p]:-} ]] && ! port_in_use "$p"; then
      TAKEN[$p]=1
      echo "$p"
      return 0
    fi
  done
  log "ERROR: no free loopback port found"
  return 1
}
ETCD_PORT=${PARTITA_ETCD_PORT:-$(free_port)}; TAKEN[$ETCD_PORT]=1
ETCD_PEER_PORT=${PARTITA_ETCD_PEER_PORT:-$(free_port)}; TAKEN[$ETCD_PEER_PORT]=1
APISERVER_PORT=${PARTITA_APISERVER_PORT:-$(free_port)}; TAKEN[$APISERVER_PORT]=1
KCM_PORT=${PARTITA_KCM_PORT:-$(free_port)}; TAKEN[$KCM_PORT]=1
CONTROLLERS=${PARTITA_KCM_CONTROLLERS:-job-controller,garbage-collector-controller,ttl-after-finished-controller,namespace-controller}

ETCD_URL="http://$HOST:$ETCD_PORT"
APISERVER_URL="https://$HOST:$APISERVER_PORT"
PKI="$WORK/pki"
mkdir -p "$PKI" "$WORK/logs"
rm -f "$WORK"/*.pid

# wait_for <what> <pid> <command...>: polls the command until it succeeds.
wait_for() {
  local what=$1 pid=$2 deadline=$(( SECONDS + TIMEOUT ))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "ERROR: $what exited while starting"
      return 1
    fi
    if (( SECONDS >= deadline )); then
      log "ERROR: $what not ready after ${TIMEOUT}s"
      return 1
    fi
    sleep 0.5
  done
  log "$what ready"
}

# start <name> <command...>: runs it in the background, detached from our
# stdin/stdout (so a caller reading our output is not held open), logs to
# logs/<name>.log and records the pid in <name>.pid.
start() {
  local name=$1
  shift
  nohup "$@" </dev/null >"$WORK/logs/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  log "$name started, pid $!"
}

# ---------------------------------------------------------------- certificates
start_time=$SECONDS
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
# new_ca <name> <common-name>
new_ca() {
  new_key "$PKI/$1.key"
  openssl req -x509 -new -key "$PKI/$1.key" -subj "/CN=$2" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$1.crt" 2>/dev/null
}
# sign <ca> <name> <subject> <extendedKeyUsage> [subjectAltName]: key + certificate.
sign() {
  local ca=$1 name=$2 subj=$3 eku=$4 san=${5:-}
  new_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    if [[ -n $san ]]; then echo "subjectAltName=$san"; fi
  } >"$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}
if [[ ! -f "$PKI/sa.pub" ]]; then
  new_ca ca partita-test-ca
  sign ca apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.66.0.1"
  sign ca admin "/O=system:masters/CN=partita-admin" clientAuth
  # With --use-service-account-credentials=false every controller acts as this
  # identity, which therefore needs more than the system:kube-controller-manager role.
  sign ca controller-manager "/O=system:masters/CN=system:kube-controller-manager" clientAuth
  # Front proxy (request header) CA and client: the aggregation layer and the
  # delegated authentication of kube-controller-manager expect them.
  new_ca front-proxy-ca partita-test-front-proxy-ca
  sign front-proxy-ca front-proxy-client "/CN=front-proxy-client" clientAuth
  # Service account token signing key pair.
  new_key "$PKI/sa.key"
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 600 "$PKI"/*.key
fi

# kubeconfig <file> <client-name>: certificates embedded, so the file is self-contained.
kubeconfig() {
  local file=$1 who=$2
  rm -f "$file"
  "$BIN/kubectl" config set-cluster partita --kubeconfig="$file" --server="$APISERVER_URL" \
    --certificate-authority="$PKI/ca.crt" --embed-certs=true >/dev/null
  "$BIN/kubectl" config set-credentials "$who" --kubeconfig="$file" \
    --client-certificate="$PKI/$who.crt" --client-key="$PKI/$who.key" --embed-certs=true >/dev/null
  "$BIN/kubectl" config set-context partita --kubeconfig="$file" --cluster=partita --user="$who" >/dev/null
  "$BIN/kubectl" config use-context partita --kubeconfig="$file" >/dev/null
  chmod 600 "$file"
}
kubeconfig "$WORK/kubeconfig" admin
kubeconfig "$WORK/controller-manager.kubeconfig" controller-manager

# ------------------------------------------------------------------------ etcd
# Every start is a fresh, empty cluster (ports may differ from the last start).
rm -rf "$WORK/etcd-data"
start etcd "$BIN/etcd" \
  --name=partita \
  --data-dir="$WORK/etcd-data" \
  --listen-client-urls="$ETCD_URL" \
  --advertise-client-urls="$ETCD_URL" \
  --listen-peer-urls="http://$HOST:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://$HOST:$ETCD_PEER_PORT" \
  --initial-cluster="partita=http://$HOST:$ETCD_PEER_PORT" \
  --initial-cluster-state=new \
  --unsafe-no-fsync=true \
  --log-level=warn
etcd_healthy() { curl -fsS --max-time 2 "$ETCD_URL/health" | grep -q '"health":"true"'; }
wait_for etcd "$(cat "$WORK/etcd.pid")" etcd_healthy

# -------------------------------------------------------------- kube-apiserver
start kube-apiserver "$BIN/kube-apiserver" \
  --bind-address="$HOST" \
  --advertise-address="$HOST" \
  --secure-port="$APISERVER_PORT" \
  --cert-dir="$WORK/apiserver-certs" \
  --tls-cert-file="$PKI/apiserver.crt" \
  --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --etcd-servers="$ETCD_URL" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \
  --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User \
  --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" \
  --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --service-cluster-ip-range=127.66.0.0/16 \
  --endpoint-reconciler-type=none \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --authorization-mode=Node,RBAC \
  --disable-admission-plugins=ServiceAccount \
  --allow-privileged=true \
  --anonymous-auth=false \
  --profiling=false \
  --v=1
apiserver_ready() { "$BIN/kubectl" --kubeconfig="$WORK/kubeconfig" get --raw=/readyz; }
wait_for kube-apiserver "$(cat "$WORK/kube-apiserver.pid")" apiserver_ready

# ----------------------------------------------------- kube-controller-manager
start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig="$WORK/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$WORK/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$WORK/controller-manager.kubeconfig" \
  --bind-address="$HOST" \
  --secure-port="$KCM_PORT" \
  --cert-dir="$WORK/controller-manager-certs" \
  --controllers="$CONTROLLERS" \
  --use-service-account-credentials=false \
  --leader-elect=false \
  --profiling=false \
  ${PARTITA_KCM_API_QPS:+--kube-api-qps="$PARTITA_KCM_API_QPS" --kube-api-burst="$((PARTITA_KCM_API_QPS * 2))"} \
  --v=1
kcm_healthy() { curl -fsSk --max-time 2 "https://$HOST:$KCM_PORT/healthz" | grep -qx ok; }
wait_for kube-controller-manager "$(cat "$WORK/kube-controller-manager.pid")" kcm_healthy

# ---------------------------------------------------------------- watchdog
if [[ -n ${PARTITA_CONTROL_PLANE_OWNER_PID:-} ]]; then
  owner=$PARTITA_CONTROL_PLANE_OWNER_PID
  start watchdog bash -c 'while kill -0 "$1" 2>/dev/null && [[ -f "$3/etcd.pid" ]]; do sleep 2; done; exec "$2" "$3"' \
    partita-control-plane-watchdog "$owner" "$HERE/stop-control-plane.sh" "$WORK"
fi

cat >"$WORK/control-plane.env" <<EOF
APISERVER_URL=$APISERVER_URL
APISERVER_PORT=$APISERVER_PORT
ETCD_URL=$ETCD_URL
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
KCM_PORT=$KCM_PORT
KUBECONFIG=$WORK/kubeconfig
BIN_DIR=$BIN
EOF

trap - ERR
log "control plane up in $(( SECONDS - start_time ))s: $APISERVER_URL (etcd $ETCD_URL)"
echo "$WORK/kubeconfig"
