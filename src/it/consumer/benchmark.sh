#!/usr/bin/env bash
# What Partita costs a plain Spring Boot batch application (this consumer): resolved runtime artifacts, their size,
# and the start-up time to the job's first step, without Partita, with it (the local launcher), and with the fabric8
# client added (the Kubernetes launcher), or Spring Cloud Kubernetes instead (its client, which Partita then uses).
# Not a test: it prints figures (docs/performance.md).
#   ./mvnw verify   (builds target/invoker/it/consumer), then: bash src/it/consumer/benchmark.sh [start-ups per variant, 5]
#   [arguments for every start-up, e.g. a PostgreSQL job repository: --spring.datasource.url=jdbc:postgresql://…]
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
app=target/invoker/it/consumer
runs=${1:-5}
shift || true
arguments=("$@")
stamp=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$app/target/consumer-1.jar" ] || { echo "Build the consumer first: ./mvnw verify" >&2; exit 1; }

# the consumer's pom without Partita, and with the fabric8 client on the JDK's HTTP client
python3 - "$app/pom.xml" "$work" <<'PY'
import re, sys
pom = open(sys.argv[1]).read()
partita = re.search(r'\s*<dependency>\s*<groupId>io\.partita</groupId>.*?</dependency>', pom, re.S).group(0)
open(sys.argv[2] + '/without.xml', 'w').write(pom.replace(partita, ''))
fabric8 = '''<dependency><groupId>io.fabric8</groupId><artifactId>kubernetes-client</artifactId><version>7.9.0</version>
<exclusions><exclusion><groupId>io.fabric8</groupId><artifactId>kubernetes-httpclient-vertx</artifactId></exclusion>
</exclusions></dependency><dependency><groupId>io.fabric8</groupId><artifactId>kubernetes-httpclient-jdk</artifactId>
<version>7.9.0</version></dependency>'''
open(sys.argv[2] + '/kubernetes.xml', 'w').write(pom.replace(partita, partita + fabric8))
cloud = '''<dependency><groupId>org.springframework.cloud</groupId>
<artifactId>spring-cloud-kubernetes-fabric8-autoconfig</artifactId></dependency>'''
bom = '''<dependencyManagement><dependencies><dependency><groupId>org.springframework.cloud</groupId>
<artifactId>spring-cloud-dependencies</artifactId><version>2025.1.4</version><type>pom</type><scope>import</scope>
</dependency></dependencies></dependencyManagement><dependencies>'''
open(sys.argv[2] + '/cloud.xml', 'w').write(pom.replace(partita, partita + cloud).replace('<dependencies>', bom, 1))
PY
cp "$app/pom.xml" "$work/local.xml"

classpath() {
  "$root/mvnw" -B -q -f "$1" dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$work/cp.txt" >/dev/null
  tr ':' '\n' < "$work/cp.txt" | grep -c . | tr -d '\n'
  printf ' artifacts, %s MiB' "$(tr ':' '\n' < "$work/cp.txt" | xargs du -cb | tail -1 | awk '{printf "%.1f", $1/1048576}')"
}
for variant in without local kubernetes cloud; do
  cp "$work/$variant.xml" "$app/benchmark-$variant.xml"
  printf '%-11s %s\n' "$variant" "$(classpath "$app/benchmark-$variant.xml")"
  rm "$app/benchmark-$variant.xml"
done

# milliseconds from the JVM's start to the job's first step of one start-up: startup <name> <run> [arguments]
startup() {
  local dir="$work/run-$1-$2"
  mkdir -p "$dir"
  local start
  start=$(date +%s%N)
  (cd "$dir" && exec java -jar "$root/$app/target/consumer-1.jar" "${@:3}" "${arguments[@]}" "run=$1-$2-$stamp" > out.log 2>&1) &
  local pid=$!
  until grep -q 'Executing step: \[managerStep\]' "$dir/out.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the $1 start-up ended before its first step: $dir/out.log" >&2; cat "$dir/out.log" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  wait "$pid"
}
median() {
  printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}
partita_auto_configurations=$(tr '\n' ',' < src/main/resources/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports | sed 's/,$//')
# alternately, so that neither variant has the machine's warmer moments to itself
without=()
with=()
for i in $(seq 1 "$runs"); do
  without+=("$(startup without "$i" "--spring.autoconfigure.exclude=$partita_auto_configurations")")
  with+=("$(startup with "$i")")
done
echo "start-up to the first step (median of $runs, alternately): without Partita $(median "${without[@]}") ms, with Partita $(median "${with[@]}") ms"
