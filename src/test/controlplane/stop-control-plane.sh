#!/usr/bin/env bash
# Stops what start-control-plane.sh started in <work-dir>, by the pids in its
# pid files: kube-controller-manager, kube-apiserver, etcd, then the watchdog.
# A pid is signalled only while its command line still names <work-dir>, so a
# recycled pid is never hit. SIGTERM first, SIGKILL after 15 s. Leaves the
# work dir (logs, certificates, etcd data) in place; delete it yourself.
#
# Usage: stop-control-plane.sh <work-dir>
set -uo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <work-dir>" >&2
  exit 2
fi
[[ -d $1 ]] || exit 0
WORK=$(cd "$1" && pwd)

log() { echo "stop-control-plane: $*" >&2; }

ours() { # <pid>: still one of our processes?
  [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$WORK"
}

for name in kube-controller-manager kube-apiserver etcd watchdog; do
  pidfile="$WORK/$name.pid"
  [[ -f $pidfile ]] || continue
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  # The watchdog runs this script through exec: do not signal ourselves.
  if [[ ! $pid =~ ^[0-9]+$ ]] || [[ $pid == "$$" ]] || ! ours "$pid"; then
    continue
  fi
  kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 1 150); do
    ours "$pid" || break
    sleep 0.1
  done
  if ours "$pid"; then
    log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null
  fi
  log "$name (pid $pid) stopped"
done
exit 0
