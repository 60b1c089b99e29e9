#!/usr/bin/env bash
# In-process ECDSA P-256 throughput on one core: Cairn's signing API (bench/SignThroughput.java, JDK
# providers) against `openssl speed ecdsap256`, in the same run.
#
#   bench/sign-throughput-vs-openssl.sh [SECONDS]     # seconds per measurement (default 3)
#
# Both are pinned to CPU 0 with taskset when it is available, so the figures are per core and the
# JVM's JIT/GC threads share that core (a fair "one core" budget). No network is used.
# Caveat: openssl signs a precomputed 32-byte digest; Cairn hashes the ~240-byte payload first
# (one SHA-256 block chain of 4 blocks, a few microseconds at most).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
seconds=${1:-3}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS>=1]" >&2; exit 2; }
command -v openssl >/dev/null || { echo "bench: openssl not installed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$root/cairn" --version >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; echo "bench: cairn does not build" >&2; exit 1; }
JAVA_HOME=$("$root/scripts/java-home")
# Snapshot the jar and libs: a rebuild of the tree during the run must not change what is measured.
mkdir -p "$work/cp"
cp "$root/cairn-cli/target/cairn-cli.jar" "$work/cp/"
cp -r "$root/cairn-cli/target/lib" "$work/cp/lib"

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

echo "bench: openssl speed -seconds $seconds ecdsap256 ${pin[*]:+(pinned: ${pin[*]})}" >&2
"${pin[@]}" openssl speed -seconds "$seconds" ecdsap256 >"$work/openssl.txt" 2>"$work/openssl.err" ||
  { cat "$work/openssl.err" >&2; exit 1; }
read -r o_sign o_verify < <(awk '/ecdsa \(nistp256\)/ { print $(NF-1), $NF }' "$work/openssl.txt")
[ -n "${o_sign:-}" ] || { cat "$work/openssl.txt" >&2; echo "bench: cannot parse openssl output" >&2; exit 1; }

echo "bench: java bench/SignThroughput.java $seconds ${pin[*]:+(pinned: ${pin[*]})}" >&2
"${pin[@]}" "$JAVA_HOME/bin/java" -cp "$work/cp/cairn-cli.jar:$work/cp/lib/*" "$root/bench/SignThroughput.java" "$seconds" |
  tee "$work/cairn.txt"
c_sign=$(sed -n 's/^result\.sign_per_s=//p' "$work/cairn.txt")
c_verify=$(sed -n 's/^result\.verify_per_s=//p' "$work/cairn.txt")
[ -n "$c_sign" ] && [ -n "$c_verify" ] || { echo "bench: SignThroughput printed no results" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "ECDSA P-256, one core, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  $(openssl version | cut -d' ' -f1-2); $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
printf 'sign: cairn %.0f/s, openssl %.0f/s, ratio cairn/openssl %s\n' "$c_sign" "$o_sign" "$(ratio "$c_sign" "$o_sign")"
printf 'verify: cairn %.0f/s, openssl %.0f/s, ratio cairn/openssl %s\n' "$c_verify" "$o_verify" "$(ratio "$c_verify" "$o_verify")"
