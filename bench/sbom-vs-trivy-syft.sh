#!/usr/bin/env bash
# Wall time and peak RSS of a cold `cairn sbom` against trivy and syft, same image, same run:
# the fixture app-1 from an OCI layout, and a synthetic image with 300,000 files.
#   bench/sbom-vs-trivy-syft.sh [RUNS]      (default 3; reports the median of each)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=${1:-3}
FIXTURES=${CAIRN_FIXTURES:-$root/../shared/fixtures/images/oci-layout}
SYFT=$(scripts/peers syft)
TRIVY=$(scripts/peers trivy)
./cairn --version >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYFT_CHECK_FOR_APP_UPDATE=false

./cairn copy "oci:$FIXTURES:app-1" "oci:$work/app-1:app-1" >/dev/null 2>&1
python3 bench/make-synthetic-image.py "$work/big" 300000 >&2

empty_java_db() { # trivy needs a java-db on disk to run offline once it sees a jar
  python3 - "$1/java-db" <<'PY'
import datetime, json, os, sqlite3, sys
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
db = sqlite3.connect(os.path.join(d, "trivy-java.db"))
db.executescript("CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);"
                 "CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT);")
db.close()
now = datetime.datetime.now(datetime.timezone.utc); f = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
json.dump({"Version": 1, "NextUpdate": f(now + datetime.timedelta(days=3650)), "UpdatedAt": f(now), "DownloadedAt": f(now)},
          open(os.path.join(d, "metadata.json"), "w"))
PY
}

measure() { # name command...   -> prints "seconds kilobytes" (median of $runs by time)
  local name=$1; shift
  for i in $(seq "$runs"); do
    rm -rf "$work/trivy-cache"; empty_java_db "$work/trivy-cache"   # a fresh cache for every trivy run
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "$name failed:" >&2; tail -3 "$work/err" >&2; exit 1; }
    cat "$work/t"
  done | sort -n | awk -v n="$runs" 'NR==int((n+1)/2){print}'
}

report() { # image label cairn trivy syft
  read -r cs ck <<<"$3"; read -r ts tk <<<"$4"; read -r ss sk <<<"$5"
  printf '%-22s cairn %5.2f s %4d MB | trivy %5.2f s %4d MB | syft %5.2f s %4d MB\n' "$2" "$cs" $((ck/1024)) "$ts" $((tk/1024)) "$ss" $((sk/1024))
  awk -v c="$cs" -v t="$ts" -v s="$ss" -v ck="$ck" -v tk="$tk" -v sk="$sk" -v l="$2" 'BEGIN{
    printf "%-22s time  ratio cairn/trivy %.2f, cairn/syft %.2f\n", l, c/t, c/s;
    printf "%-22s RSS   ratio cairn/trivy %.2f, cairn/syft %.2f\n", l, ck/tk, ck/sk }'
}

for image in app-1 big; do
  tag=$([ "$image" = big ] && echo big || echo app-1)
  c=$(measure cairn ./cairn sbom "oci:$work/$image:$tag" --output-file "$work/cairn.json")
  t=$(measure trivy "$TRIVY" image --input "$work/$image:$tag" --cache-dir "$work/trivy-cache" --skip-db-update \
        --skip-java-db-update --offline-scan --format cyclonedx --output "$work/trivy.json" -q)
  s=$(measure syft "$SYFT" scan "oci-dir:$work/$image" -o "cyclonedx-json=$work/syft.json" -q)
  report "$image" "$([ "$image" = big ] && echo 'synthetic 300k files' || echo 'app-1 (OCI layout)')" "$c" "$t" "$s"
done
