#!/usr/bin/env bash
# Builds the real Kubernetes control plane binaries from source, once per
# machine, and prints the directory that holds them as the last stdout line:
#
#   <cache>/k8s-<k8s-version>-etcd-<etcd-version>/bin/{etcd,kube-apiserver,kube-controller-manager,kubectl}
#
# <cache> is $PARTITA_K8S_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/partita/control-plane.
# If all four binaries are already there it prints the directory and exits at
# once. The versions come from the wrapper modules beside this script
# (kubernetes/go.mod and etcd/go.mod, written by update-wrapper-modules.sh),
# and all sources come from the Go module proxy: no git, no Docker, no
# prebuilt downloads. Everything but the final path goes to stderr.
#
# Environment:
#   PARTITA_K8S_CACHE        cache root (see above)
#   PARTITA_K8S_GOCACHE      Go build cache to use; default <cache>/go-build,
#                            which is deleted after a successful build (it is
#                            several GiB) unless PARTITA_K8S_KEEP_GOCACHE=1.
#                            A GOCACHE you name yourself is never deleted.
#   PARTITA_K8S_NICE         niceness of the go builds, default 10
#
# Concurrent callers are serialised with flock; the binaries appear in the
# cache only when all four are built (staged in a temporary folder, then moved).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BINARIES=(etcd kube-apiserver kube-controller-manager kubectl)

log() { echo "build-control-plane: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Versions pinned by the wrapper modules (tidy marks the tool modules "// indirect").
K8S_VERSION=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$HERE/kubernetes/go.mod")
ETCD_VERSION=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2; exit}' "$HERE/etcd/go.mod")
[[ $K8S_VERSION =~ ^v1\.([0-9]+)\.[0-9]+$ ]] || die "cannot read the k8s.io/kubernetes version from $HERE/kubernetes/go.mod"
K8S_MINOR=${BASH_REMATCH[1]}
[[ $ETCD_VERSION =~ ^v3\.[0-9]+\.[0-9]+$ ]] || die "cannot read the etcd version from $HERE/etcd/go.mod"

CACHE_ROOT=${PARTITA_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/partita/control-plane}
KEY="k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"
OUT="$CACHE_ROOT/$KEY"
BIN="$OUT/bin"

all_built() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

if all_built; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || die "the Go toolchain (go) is not on PATH"
command -v flock >/dev/null || die "flock (util-linux) is not on PATH"
mkdir -p "$CACHE_ROOT"

# One build at a time per key; a second caller waits, then finds the binaries.
exec 9>"$CACHE_ROOT/.$KEY.lock"
if ! flock -n 9; then
  log "another build of $KEY is running; waiting for it"
  flock 9
fi
if all_built; then
  echo "$BIN"
  exit 0
fi

STAGE=$(mktemp -d "$CACHE_ROOT/.$KEY.build.XXXXXX")
cleanup() { rm -rf "$STAGE"; }
trap cleanup EXIT

# Build in a copy of the wrapper modules: -mod=mod may rewrite go.mod/go.sum,
# and the repository's files must stay untouched.
mkdir -p "$STAGE/src" "$STAGE/out/bin"
for m in kubernetes etcd; do
  mkdir -p "$STAGE/src/$m"
  cp "$HERE/$m/go.mod" "$STAGE/src/$m/"
  if [[ -f "$HERE/$m/go.sum" ]]; then cp "$HERE/$m/go.sum" "$STAGE/src/$m/"; fi
done

export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export GOWORK=off
if [[ -n ${PARTITA_K8S_GOCACHE:-} ]]; then
  export GOCACHE="$PARTITA_K8S_GOCACHE"
  drop_gocache=0
else
  export GOCACHE="$CACHE_ROOT/go-build"
  drop_gocache=1
  if [[ ${PARTITA_K8S_KEEP_GOCACHE:-0} == 1 ]]; then drop_gocache=0; fi
fi
NICE=${PARTITA_K8S_NICE:-10}

BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# The same variables upstream's hack/lib/version.sh stamps, in both packages.
K8S_LDFLAGS="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$K8S_MINOR"
  K8S_LDFLAGS+=" -X $pkg.gitCommit= -X $pkg.gitTreeState=archive -X $pkg.buildDate=$BUILD_DATE"
done
ETCD_LDFLAGS="-s -w"

log "building $KEY into $OUT (go $(go env GOVERSION), GOCACHE=$GOCACHE)"
log "this takes a while on a cold cache; it happens once per machine"

timings=()
fmt_secs() { printf '%dm%02ds' $(( $1 / 60 )) $(( $1 % 60 )); }

# go_build <name> <module-dir> <ldflags> <package>
go_build() {
  local name=$1 dir=$2 ldflags=$3 pkg=$4 start=$SECONDS
  log "go build $name ($pkg)"
  (cd "$STAGE/src/$dir" && nice -n "$NICE" go build -trimpath -ldflags "$ldflags" -o "$STAGE/out/bin/$name" "$pkg") >&2 \
    || die "go build of $name failed"
  local took=$(( SECONDS - start ))
  timings+=("$name $took")
  log "built $name in $(fmt_secs "$took")"
}

total_start=$SECONDS
dl_start=$SECONDS
log "downloading modules"
(cd "$STAGE/src/kubernetes" && go mod download) >&2 || die "go mod download failed (kubernetes)"
(cd "$STAGE/src/etcd" && go mod download) >&2 || die "go mod download failed (etcd)"
timings+=("module-download $(( SECONDS - dl_start ))")

go_build etcd etcd "$ETCD_LDFLAGS" go.etcd.io/etcd/server/v3
go_build kube-apiserver kubernetes "$K8S_LDFLAGS" k8s.io/kubernetes/cmd/kube-apiserver
go_build kube-controller-manager kubernetes "$K8S_LDFLAGS" k8s.io/kubernetes/cmd/kube-controller-manager
go_build kubectl kubernetes "$K8S_LDFLAGS" k8s.io/kubernetes/cmd/kubectl
total=$(( SECONDS - total_start ))

# Fail here, not in a test, if a binary does not run or lacks the stamped version.
"$STAGE/out/bin/etcd" --version >&2 || die "etcd --version failed"
apiserver_version=$("$STAGE/out/bin/kube-apiserver" --version) || die "kube-apiserver --version failed"
log "kube-apiserver --version: $apiserver_version"
[[ $apiserver_version == "Kubernetes $K8S_VERSION" ]] \
  || die "kube-apiserver --version prints '$apiserver_version', not 'Kubernetes $K8S_VERSION'"
"$STAGE/out/bin/kubectl" version --client >&2 || die "kubectl version --client failed"

{
  echo "key=$KEY"
  echo "k8s_version=$K8S_VERSION"
  echo "etcd_version=$ETCD_VERSION"
  echo "go_version=$(go env GOVERSION)"
  echo "built_at=$BUILD_DATE"
  echo "nproc=$(nproc 2>/dev/null || echo '?')"
  for t in "${timings[@]}"; do echo "seconds_${t%% *}=${t##* }"; done
  echo "seconds_total=$total"
} > "$STAGE/out/build-info.txt"

rm -rf "$OUT"
mv "$STAGE/out" "$OUT"
log "done in $(fmt_secs "$total"): $(for t in "${timings[@]}"; do printf '%s=%ss ' "${t%% *}" "${t##* }"; done)"

if [[ $drop_gocache == 1 ]]; then
  # Module cache files are read-only; the build cache is not, so rm -rf works.
  rm -rf "$GOCACHE"
fi

echo "$BIN"
