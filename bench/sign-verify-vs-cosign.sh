#!/usr/bin/env bash
# Cold-start CLI benchmark: `cairn sign|verify` against the real cosign v3.1.2, same key, same image
# digest, same loopback registry, in one run.
#
#   bench/sign-verify-vs-cosign.sh [N]      # N timed runs per command (default 5, or $N)
#
# Every timed run is a fresh process (cold JVM for Cairn). Each command gets one untimed warm-up run
# first (page cache, registry), then N timed runs; the two tools alternate run by run so drift hits
# both alike. The median wall time is reported.
#
# Cairn is timed two ways:
#   cairn      the `./cairn` launcher as users run it (bash, scripts/java-home, staleness check,
#              a JVM probe for --sun-misc-unsafe-memory-access, then the CLI JVM)
#   cairn-jvm  just the CLI JVM with the launcher's flags (what a packaged install would run)
# Both run from a snapshot of the built jar and its libs in a temp dir, so an edit to the source tree
# during the run cannot trigger a rebuild inside a timed run.
#
# Only 127.0.0.1 is contacted: a private docker-registry on a free loopback port; cosign runs with
# --tlog-upload=false --use-signing-config=false (sign) and --insecure-ignore-tlog=true (verify).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
N=${1:-${N:-5}}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N>=1]" >&2; exit 2; }
FIXTURES=${CAIRN_FIXTURES:-/work/shared/fixtures/images/oci-layout}
export COSIGN_PASSWORD=bench-password

work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench.XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log=$work/bench.log
die() { echo "bench: $*" >&2; [ -f "$log" ] && tail -n 30 "$log" >&2; exit 1; }

# --- cosign: the project's peer location first, then /tmp/cairn-peers, else install ---
peers=${CAIRN_PEERS:-$HOME/.cache/cairn-peers}
COSIGN=""
for c in "$peers/bin/cosign" /tmp/cairn-peers/bin/cosign; do
  if [ -x "$c" ]; then COSIGN=$c; break; fi
done
if [ -z "$COSIGN" ]; then
  command -v go >/dev/null || die "cosign not found in $peers/bin or /tmp/cairn-peers/bin, and no Go toolchain to install it"
  echo "bench: installing cosign v3.1.2 into $peers/bin ..." >&2
  mkdir -p "$peers/bin"
  GOBIN="$peers/bin" go install github.com/sigstore/cosign/v3/cmd/cosign@v3.1.2 >&2
  COSIGN=$peers/bin/cosign
fi
cosign_version=$("$COSIGN" version 2>/dev/null | sed -n 's/^GitVersion: *//p')

# --- cairn: build if needed, then snapshot jar + libs + launcher ---
"$root/cairn" --version >/dev/null 2>"$log" || die "cairn does not build/run"
snap=$work/cairn
mkdir -p "$snap/scripts" "$snap/cairn-cli/target"
cp "$root/cairn" "$snap/cairn"
cp "$root/scripts/java-home" "$snap/scripts/java-home"
cp -r "$root/cairn-cli/target/lib" "$snap/cairn-cli/target/lib"
cp "$root/cairn-cli/target/cairn-cli.jar" "$snap/cairn-cli/target/cairn-cli.jar"
cairn_version=$("$snap/cairn" --version 2>>"$log") || die "snapshot of cairn does not run"
JAVA_HOME=$("$root/scripts/java-home")
java_flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  java_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
cairn()     { "$snap/cairn" "$@"; }
cairn_jvm() { "$JAVA_HOME/bin/java" "${java_flags[@]}" -cp "$snap/cairn-cli/target/cairn-cli.jar:$snap/cairn-cli/target/lib/*" dev.cairn.cli.Main "$@"; }

# --- registry on a free loopback port ---
command -v docker-registry >/dev/null || die "docker-registry not installed (Debian package docker-registry)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/registry"
cat > "$work/registry/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/registry/config.yml" >"$work/registry/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/v2/" >/dev/null || die "registry did not start (see $work/registry/registry.log)"
REG=127.0.0.1:$port

# --- image, key ---
push() { # $1 = repository; prints the digest
  cairn copy "oci:$FIXTURES:app-1" "$REG/$1:1" 2>>"$log" | grep -o 'sha256:[0-9a-f]\{64\}' | tail -n 1
}
digest=$(push demo/sign-cairn) || die "cairn copy failed"
[ -n "$digest" ] || die "cairn copy printed no digest"
for repo in demo/sign-cosign demo/verify-bundle demo/verify-legacy; do
  [ "$(push "$repo")" = "$digest" ] || die "copy to $repo gave another digest"
done
cairn generate-key-pair --output-key-prefix "$work/bench" >>"$log" 2>&1 || die "generate-key-pair failed"
KEY=$work/bench.key PUB=$work/bench.pub

csign()   { "$COSIGN" sign --key "$KEY" --tlog-upload=false --use-signing-config=false --allow-insecure-registry -y "$@"; }
cverify() { "$COSIGN" verify --key "$PUB" --insecure-ignore-tlog=true --allow-insecure-registry "$@"; }

# Commands under test (image references by digest for both tools).
c_sign_bundle()  { cairn     sign --key "$KEY" --format bundle "$REG/demo/sign-cairn@$digest"; }
j_sign_bundle()  { cairn_jvm sign --key "$KEY" --format bundle "$REG/demo/sign-cairn@$digest"; }
o_sign_bundle()  { csign "$REG/demo/sign-cosign@$digest"; }
c_sign_legacy()  { cairn     sign --key "$KEY" --format legacy "$REG/demo/sign-cairn@$digest"; }
j_sign_legacy()  { cairn_jvm sign --key "$KEY" --format legacy "$REG/demo/sign-cairn@$digest"; }
o_sign_legacy()  { csign --new-bundle-format=false "$REG/demo/sign-cosign@$digest"; }
c_verify_bundle() { cairn     verify --key "$PUB" "$REG/demo/verify-bundle@$digest"; }
j_verify_bundle() { cairn_jvm verify --key "$PUB" "$REG/demo/verify-bundle@$digest"; }
o_verify_bundle() { cverify "$REG/demo/verify-bundle@$digest"; }
c_verify_legacy() { cairn     verify --key "$PUB" "$REG/demo/verify-legacy@$digest"; }
j_verify_legacy() { cairn_jvm verify --key "$PUB" "$REG/demo/verify-legacy@$digest"; }
o_verify_legacy() { cverify --new-bundle-format=false "$REG/demo/verify-legacy@$digest"; }
# Floor: process start-up alone, no registry, no key.
c_startup_version() { cairn --version; }
j_startup_version() { cairn_jvm --version; }
o_startup_version() { "$COSIGN" version; }

# Verify repositories: exactly one signature per tool of that repository's format (2 in all), made
# before any timing, so verify does the same work on every run. The annotation makes the two payloads
# differ: cosign's duplicate detector would otherwise replace cairn's identical legacy signature.
for f in bundle legacy; do
  cairn sign --key "$KEY" --format "$f" -a signer=cairn "$REG/demo/verify-$f@$digest" >>"$log" 2>&1 || die "cairn sign ($f) for verify failed"
done
csign -a signer=cosign "$REG/demo/verify-bundle@$digest" >>"$log" 2>&1 || die "cosign sign (bundle) for verify failed"
csign -a signer=cosign --new-bundle-format=false "$REG/demo/verify-legacy@$digest" >>"$log" 2>&1 || die "cosign sign (legacy) for verify failed"
# Sanity: each tool accepts both signatures of each format (this also proves interop).
for f in bundle legacy; do
  n=$(c_verify_$f -o json 2>>"$log" | jq length) || die "cairn verify ($f) failed"
  [ "$n" = 2 ] || die "cairn verify ($f) saw $n signatures, expected 2"
  n=$(o_verify_$f 2>>"$log" | jq length) || die "cosign verify ($f) failed"
  [ "$n" = 2 ] || die "cosign verify ($f) saw $n signatures, expected 2"
done

# --- timing ---
now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A MED
# bench NAME FN...: one warm-up run of every FN, then N rounds running each FN once (alternating);
# stores the median seconds of each in MED[NAME:FN].
bench() {
  local name=$1; shift
  local fn i s e
  for fn in "$@"; do "$fn" >>"$log" 2>&1 || die "$name: $fn failed (warm-up)"; : > "$work/t.$fn"; done
  for ((i = 1; i <= N; i++)); do
    for fn in "$@"; do
      s=$(now_ns)
      "$fn" >>"$log" 2>&1 || die "$name: $fn failed (run $i)"
      e=$(now_ns)
      echo $((e - s)) >> "$work/t.$fn"
    done
  done
  for fn in "$@"; do MED[$name:$fn]=$(median < "$work/t.$fn" | awk '{ printf "%.3f", $1 / 1e9 }'); done
  echo "  $name done" >&2
}

echo "bench: $N timed runs per command (after 1 warm-up), registry $REG, digest $digest" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench "startup (version)" c_startup_version j_startup_version o_startup_version
bench "sign (bundle)"   c_sign_bundle   j_sign_bundle   o_sign_bundle
bench "sign (legacy)"   c_sign_legacy   j_sign_legacy   o_sign_legacy
bench "verify (bundle)" c_verify_bundle j_verify_bundle o_verify_bundle
bench "verify (legacy)" c_verify_legacy j_verify_legacy o_verify_legacy
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# What the repeated signing left behind (it is not cleaned between runs).
sigs() { # $1 = repository; prints "L legacy layers, B bundle referrers"
  local hex=${digest#sha256:} l b
  l=$(curl -fs -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/$1/manifests/sha256-$hex.sig" | jq '.layers | length' 2>/dev/null) || l=0
  b=$(curl -fs -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$REG/v2/$1/manifests/sha256-$hex" | jq '.manifests | length' 2>/dev/null) || b=0
  echo "${l:-0} legacy signature layers, ${b:-0} bundle referrers"
}
sig_cairn=$(sigs demo/sign-cairn) sig_cosign=$(sigs demo/sign-cosign)

ops=("startup (version)" "sign (bundle)" "sign (legacy)" "verify (bundle)" "verify (legacy)")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "Cairn vs cosign, cold CLI invocations, median of $N ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo "  cairn:  $cairn_version ($java_version)"
echo "  cosign: $COSIGN ${cosign_version:-}"
echo "  load average before/after: $load_before / $load_after"
echo
printf '%-18s %10s %11s %10s %12s %12s\n' operation "cairn s" "cairn-jvm s" "cosign s" "cairn/cosign" "jvm/cosign"
for op in "${ops[@]}"; do
  kind=${op%% *}; fmt=${op#*(}; fmt=${fmt%)}
  c=${MED[$op:c_${kind}_$fmt]} j=${MED[$op:j_${kind}_$fmt]} o=${MED[$op:o_${kind}_$fmt]}
  printf '%-18s %10s %11s %10s %12s %12s\n' "$op" "$c" "$j" "$o" "$(ratio "$c" "$o")" "$(ratio "$j" "$o")"
done
echo
for op in "${ops[@]}"; do
  kind=${op%% *}; fmt=${op#*(}; fmt=${fmt%)}
  c=${MED[$op:c_${kind}_$fmt]} j=${MED[$op:j_${kind}_$fmt]} o=${MED[$op:o_${kind}_$fmt]}
  printf '%s: cairn %.2f s, cosign %.2f s, ratio cairn/cosign %s\n' "$op" "$c" "$o" "$(ratio "$c" "$o")"
done
echo "(cairn = ./cairn launcher; without the launcher, JVM only:)"
for op in "${ops[@]}"; do
  kind=${op%% *}; fmt=${op#*(}; fmt=${fmt%)}
  j=${MED[$op:j_${kind}_$fmt]} o=${MED[$op:o_${kind}_$fmt]}
  printf '%s: cairn-jvm %.2f s, cosign %.2f s, ratio cairn-jvm/cosign %s\n' "$op" "$j" "$o" "$(ratio "$j" "$o")"
done
echo
echo "after the sign runs: cairn's repository holds $sig_cairn; cosign's holds $sig_cosign"
echo "(cosign replaces a signature whose payload and key match an existing one; see bench/README.md)"
