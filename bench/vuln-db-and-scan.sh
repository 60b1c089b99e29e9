#!/usr/bin/env bash
# The offline vulnerability database and the scan, cold CLI, wall time, in one run:
#   (a) `cairn db import` of all of ../shared/vulndata into a fresh database (median of 3);
#   (b) a large database: the real records plus 100,000 advisories generated from them
#       (bench/make-vuln-bench-data.py: real OSV records with ids and package names rewritten);
#   (c) a CycloneDX SBOM of 5,000 components (npm, Maven, PyPI, Go, Debian) from the same generator;
#   (d) RUNS cold `cairn scan --db big.db sbom.json -o json`, through ./cairn and through java alone
#       with the launcher's flags; median against the 1 s target.
#   bench/vuln-db-and-scan.sh [RUNS]      (default 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=${1:-5}
VULNDATA=${CAIRN_VULNDATA:-$root/../shared/vulndata}
TARGET=1.0
./cairn --version >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Time a copy of the launcher and its build: the work tree is shared, and an edit during the run would
# otherwise make ./cairn rebuild inside a timed run. CAIRN_BASELINE=DIR (another checkout, built with
# its ./cairn) is timed the same way in the same run, as "before".
copy() { # checkout destination
  mkdir -p "$2/scripts" "$2/cairn-cli/target"
  cp "$1/cairn" "$2/" && cp "$1/scripts/java-home" "$2/scripts/"
  cp -r "$1"/cairn-cli/target/{cairn-cli.jar,lib,cairn.jsa,.built,.launch} "$2/cairn-cli/target/"
  if [ -d "$1/cairn-cli/target/native" ]; then cp -r "$1/cairn-cli/target/native" "$2/cairn-cli/target/"; fi
  # The class-data archive (and the scans' ahead-of-time cache) name the class path they were made for.
  # A launcher that knows it trains both again for the copy's path, here rather than in a timed run; an
  # older one replaces the archive at the end of the first scan (the untimed one below).
  if grep -q 'archive.root' "$2/cairn"; then "$2/cairn" --version >/dev/null; fi
}
copy "$root" "$work/cairn"
cairn="$work/cairn/cairn"
variants=(cairn jvm)
if [ -n "${CAIRN_BASELINE:-}" ]; then
  (cd "$CAIRN_BASELINE" && ./cairn --version >/dev/null)
  copy "$CAIRN_BASELINE" "$work/base"
  variants+=(base base-jvm)
fi

# The JVM alone, with the launcher's flags (what a packaged install would run).
JAVA_HOME=$(scripts/java-home)
unsafe=()
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  unsafe=(--sun-misc-unsafe-memory-access=allow)
fi
jvm_of() { # copy -> prints the java command line of a scan, one word a line, without its arguments
  local t="$1/cairn-cli/target" lib coh
  if grep -q CAIRN_PRINT_JAVA "$1/cairn"; then
    CAIRN_PRINT_JAVA=1 "$1/cairn" scan
    return
  fi
  # an older launcher: the flags it used then
  coh=$(coh_flag="" && . "$t/.launch" && echo "${coh_flag:-}")
  printf '%s\n' "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $coh -Xms16m --enable-native-access=ALL-UNNAMED \
    -Dslf4j.internal.verbosity=ERROR "${unsafe[@]}"
  for lib in "$t"/native/*sqlitejdbc*; do
    if [ -f "$lib" ]; then printf '%s\n' "-Dorg.sqlite.lib.path=$t/native" "-Dorg.sqlite.lib.name=${lib##*/}"; fi
  done
  printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$t/cairn.jsa" -Xlog:disable -cp "$t/cairn-cli.jar:$t/lib/*" dev.cairn.cli.Main scan
}
mapfile -t jvm < <(jvm_of "$work/cairn")
scan() { # variant scan-arguments...
  local v=$1; shift
  case $v in
    cairn) "$cairn" scan "$@" ;;
    jvm) "${jvm[@]}" "$@" ;;
    base) "$work/base/cairn" scan "$@" ;;
    base-jvm) "${base_jvm[@]}" "$@" ;;
  esac
}
if [ -n "${CAIRN_BASELINE:-}" ]; then mapfile -t base_jvm < <(jvm_of "$work/base"); fi

seconds() { # command...  -> wall seconds of one run; stdout to /dev/null, stderr kept for failures
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>"$work/err" || { echo "failed: $*" >&2; tail -3 "$work/err" >&2; exit 1; }
  e=$(date +%s%N)
  awk -v d=$((e - s)) 'BEGIN{printf "%.3f\n", d / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
count() { "$cairn" db status --db "$1" | sed -n 's/^advisories: //p'; }

# (a) import of all of shared/vulndata, fresh database each time
for i in 1 2 3; do
  rm -f "$work/real.db"
  seconds "$cairn" db import --db "$work/real.db" "$VULNDATA"/*
done >"$work/import"
import_s=$(median <"$work/import")
real=$(count "$work/real.db")

# (b) + (c) generated advisories and SBOM, then the large database
python3 bench/make-vuln-bench-data.py "$VULNDATA" "$work/real.db" "$work/gen" 100000 5000 2>"$work/gen.log"
big_import_s=$(seconds "$cairn" db import --db "$work/big.db" "$VULNDATA"/* "$work/gen"/*.zip)
big=$(count "$work/big.db")
[ "$big" -ge 100000 ] || { echo "only $big advisories in the large database" >&2; exit 1; }
# The baseline builds its own copy from the same sources: its schema may differ (a database of another
# schema version is refused, not misread).
if [ -n "${CAIRN_BASELINE:-}" ]; then
  "$work/base/cairn" db import --db "$work/base.db" "$VULNDATA"/* "$work/gen"/*.zip >/dev/null 2>&1
fi
db_of() { case $1 in base | base-jvm) echo "$work/base.db" ;; *) echo "$work/big.db" ;; esac; }
sbom="$work/gen/sbom.cdx.json"
components=$(python3 -c 'import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))["components"] if "purl" in c))' "$sbom")

# What the scan finds (also a warm-up of the page cache and of the class-data archives)
"$cairn" scan --db "$work/big.db" "$sbom" -o json --output-file "$work/report.json" 2>/dev/null
read -r findings packages < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"]; print(len(m), len({x["package"]["purl"] for x in m}))' "$work/report.json")
for v in "${variants[@]}"; do scan "$v" --db "$(db_of "$v")" "$sbom" -o json >"$work/out.$v" 2>/dev/null; done
if [ -n "${CAIRN_BASELINE:-}" ]; then  # the same report before and after, but for the database's own description
  report() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop("db"); print(json.dumps(r))' "$1"; }
  cmp -s <(report "$work/out.cairn") <(report "$work/out.base") || { echo "the baseline reports other findings" >&2; exit 1; }
fi

# (d) cold scans, the variants alternating run by run
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do echo "$v $(seconds scan "$v" --db "$(db_of "$v")" "$sbom" -o json)"; done
done >"$work/scan"
med() { grep "^$1 " "$work/scan" | cut -d' ' -f2 | median; }
version_s=$(for i in 1 2 3; do seconds "$cairn" --version; done | median)

echo "$(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "import runs (s): $(tr '\n' ' ' <"$work/import")"
for v in "${variants[@]}"; do echo "scan runs, $v (s): $(grep "^$v " "$work/scan" | cut -d' ' -f2 | tr '\n' ' ')"; done
sed 's/^/generator: /' "$work/gen.log"
printf 'import of shared/vulndata (%s advisories), cold CLI: %.2f s (median of 3)\n' "$real" "$import_s"
printf 'import of the large database (%s advisories): %.2f s\n' "$big" "$big_import_s"
printf 'cold start floor (cairn --version): %.2f s\n' "$version_s"
printf 'scan %s components / %s advisories (%s findings in %s packages), median of %s:\n' \
  "$components" "$big" "$findings" "$packages" "$runs"
label() { case $1 in cairn) echo "cairn      " ;; jvm) echo "cairn-jvm  " ;; base) echo "before     " ;; base-jvm) echo "before-jvm " ;; esac; }
for v in "${variants[@]}"; do
  awk -v s="$(med "$v")" -v t="$TARGET" -v l="$(label "$v")" 'BEGIN{ printf "  %s %.2f s (target %.1f s), ratio %.2f\n", l, s, t, s / t }'
done
echo "  (cairn = ./cairn; -jvm = java alone with the launcher's flags; before = CAIRN_BASELINE=${CAIRN_BASELINE:-})"
