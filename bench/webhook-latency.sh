#!/usr/bin/env bash
# Admission webhook latency and throughput, from a second JVM over loopback HTTPS.
#
#   bench/webhook-latency.sh     # env: DURATION=15 WARMUP=10 RATE=500 CONNECTIONS=32 COLD_RATE=50 DISTINCT=100
#   SHORT=1 bench/webhook-latency.sh   # smoke run (2 s phases, 5 images): proves the bench works; numbers mean nothing
#
# Starts (one JVM) a real docker-registry on a free loopback port with the fixture image signed, plus
# DISTINCT more signed images with their own digests (cosign's legacy layout), and two `cairn server`s
# under a Kyverno ClusterPolicy loaded as `cairn server --policy` loads it (PolicyLoader.standard()):
# verifyImages with a key attestor, Enforce, mutateDigest — what users run. One server has the
# default cache (warm), one has caching disabled (every request resolves the tag and verifies the
# signature against the registry: cold). The policy is printed with the results. Then bench/WebhookLoad.java (a second JVM) POSTs AdmissionReview v1 JSON to /mutate:
#   warm-500   open loop at RATE req/s (latency counted from when each request was due)
#   warm-max   closed loop, CONNECTIONS keep-alive connections, as fast as the server answers
#   cold       open loop at COLD_RATE req/s over DISTINCT images
# and prints the results against the targets (warm p99 < 10 ms, cold p99 < 150 ms, >= 5,000
# decisions/s on 2 cores) next to Kyverno's published figures. Both JVMs share the machine's cores,
# as do the registry and whatever else runs: the load average is printed with the results.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
if [ "${SHORT:-0}" = 1 ]; then
  DURATION=${DURATION:-2} WARMUP=${WARMUP:-1} DISTINCT=${DISTINCT:-5} RATE=${RATE:-100} COLD_RATE=${COLD_RATE:-10}
fi
DURATION=${DURATION:-15}
RATE=${RATE:-500}
CONNECTIONS=${CONNECTIONS:-32}
COLD_RATE=${COLD_RATE:-50}
DISTINCT=${DISTINCT:-100}
WARMUP=${WARMUP:-10}
export JAVA_HOME=${JAVA_HOME:-$("$root/scripts/java-home")}
java=$JAVA_HOME/bin/java
"$root/scripts/ensure-packages"

work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-webhook-bench.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "bench: $*" >&2; [ -f "$work/server.log" ] && tail -n 30 "$work/server.log" >&2; exit 1; }

echo "bench: building cairn-server, the modules it needs and their test jars" >&2
(cd "$root" && ./mvnw -q -B -o install -pl cairn-server -am -DskipTests >&2 \
  && ./mvnw -q -B -o dependency:build-classpath -pl cairn-server -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >&2) \
  || die "build failed"
cp="$root/cairn-server/target/test-classes:$root/cairn-server/target/classes:$(cat "$work/cp")"

echo "bench: starting registry, signing $((DISTINCT + 1)) images, starting the servers" >&2
"$java" -Xms256m -Xmx1g -cp "$cp" dev.cairn.server.WebhookBenchServer "$work/out" "$DISTINCT" >"$work/ready" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 600); do
  grep -q ready "$work/ready" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || die "bench server exited"
  sleep 0.2
done
grep -q ready "$work/ready" || die "bench server not ready after 120 s"
# shellcheck source=/dev/null
. "$work/out/ports"

load() { "$java" -Xmx512m "$root/bench/WebhookLoad.java" --ca "$work/out/ca.crt" --server-pid "$server_pid" "$@"; }
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# The JIT needs thousands of requests through each path before the numbers mean anything (the cold
# path's ECDSA and HTTP client code compile last). Cold first, so its backlog is gone before the
# warm measurements start.
echo "bench: JIT warm-up (cold closed loop $((WARMUP * 2))s, warm closed loop ${WARMUP}s; discarded)" >&2
load --url "https://127.0.0.1:$COLD_PORT/mutate" --body "$work/out/cold" --max --connections 4 --duration "$((WARMUP * 2))" --warmup 0 >/dev/null
load --url "https://127.0.0.1:$WARM_PORT/mutate" --body "$work/out/warm.json" --max --connections "$CONNECTIONS" --duration "$WARMUP" --warmup 0 >/dev/null
sleep 2
echo "bench: warm, open loop at $RATE req/s for ${DURATION}s" >&2
warm=$(load --url "https://127.0.0.1:$WARM_PORT/mutate" --body "$work/out/warm.json" --rate "$RATE" --connections "$CONNECTIONS" --duration "$DURATION" --warmup 3)
echo "  $warm" >&2
echo "bench: warm, closed loop, $CONNECTIONS connections for ${DURATION}s" >&2
max=$(load --url "https://127.0.0.1:$WARM_PORT/mutate" --body "$work/out/warm.json" --max --connections "$CONNECTIONS" --duration "$DURATION" --warmup 3)
echo "  $max" >&2
echo "bench: cold (cache disabled, $DISTINCT distinct images), closed loop, 4 connections for ${DURATION}s" >&2
cold4=$(load --url "https://127.0.0.1:$COLD_PORT/mutate" --body "$work/out/cold" --max --connections 4 --duration "$DURATION" --warmup 3)
echo "  $cold4" >&2
echo "bench: cold, open loop at $COLD_RATE req/s for ${DURATION}s" >&2
cold=$(load --url "https://127.0.0.1:$COLD_PORT/mutate" --body "$work/out/cold" --rate "$COLD_RATE" --connections "$CONNECTIONS" --duration "$DURATION" --warmup 3)
echo "  $cold" >&2
registry_cpu=$(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$(pgrep -P "$server_pid" -f docker-registry | head -1)/stat" 2>/dev/null || echo "?")
load_avg=$(cut -d' ' -f1-3 /proc/loadavg)

for r in "$warm" "$max" "$cold4" "$cold"; do
  [ "$(val errors "$r")" = 0 ] || echo "bench: WARNING: errors in: $r" >&2
  [ "$(val denied "$r")" = 0 ] || echo "bench: WARNING: denials in: $r" >&2
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
w50=$(val p50_ms "$warm"); w99=$(val p99_ms "$warm"); tput=$(val throughput "$max"); m99=$(val p99_ms "$max")
c50=$(val p50_ms "$cold"); c99=$(val p99_ms "$cold"); k50=$(val p50_ms "$cold4"); k99=$(val p99_ms "$cold4"); ktput=$(val throughput "$cold4")
cat <<TABLE

Cairn admission webhook, loopback HTTPS, $(nproc) cores shared by server, registry and load generator (load average $load_avg)
| measurement                                   | Cairn             | target        | ratio (target/Cairn) | Kyverno (published)                      |
|-----------------------------------------------|-------------------|---------------|----------------------|------------------------------------------|
| warm cache, $RATE req/s: p50 / p99              | ${w50} / ${w99} ms | p99 < 10 ms   | $(ratio 10 "$w99")x | 37.7 ms average at 100 users; p99 1.25 s at 500 VUs |
| warm cache, max throughput ($CONNECTIONS conns)        | ${tput} decisions/s (p99 ${m99} ms) | >= 5,000/s    | $(ratio "$tput" 5000)x (Cairn/target) |                                          |
| server CPU per decision: warm / cold          | $(val server_cpu_us "$max") / $(val server_cpu_us "$cold4") us | 400 us (2 cores / 5,000/s) | $(ratio 400 "$(val server_cpu_us "$max")")x | |
| load generator CPU per request (warm)         | $(val client_cpu_us "$max") us | | | |
| cold verification, 4 concurrent: p50 / p99    | ${k50} / ${k99} ms (${ktput}/s) | p99 < 150 ms  | $(ratio 150 "$k99")x |                                          |
| cold verification, $COLD_RATE req/s: p50 / p99     | ${c50} / ${c99} ms | p99 < 150 ms  | $(ratio 150 "$c99")x |                                          |
TABLE
echo "(registry process CPU over the whole run, including signing: ${registry_cpu} s)"
echo "Policy (Kyverno ClusterPolicy, also autogenerated for pod controllers):"
sed -e '/BEGIN PUBLIC KEY/,/END PUBLIC KEY/{/PUBLIC KEY/!d;}' -e 's/^/    /' "$work/out/policy/policy.yaml"
