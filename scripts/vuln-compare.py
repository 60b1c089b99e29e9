#!/usr/bin/env python3
"""Cairn's vulnerability findings against osv-scanner's, on the same SBOM and the same OSV records.

  vuln-compare.py build-db OUT [--empty ECO,...] SRC...
      Reads every OSV record (JSON, and YAML when PyYAML is importable) under the SRC directories and
      writes osv-scanner's offline database: OUT/osv-scalibr/<Ecosystem>/all.zip, one zip per
      affected[].package.ecosystem (the part before ':'), as osv.dev's exports are laid out. Also
      writes OUT/records.json (id -> aliases, ecosystems) for the comparison. --empty writes an empty
      all.zip for ecosystems that have no OSV records here (osv-scanner refuses to scan a package whose
      ecosystem has no database at all).
  vuln-compare.py compare ROUTE RECORDS CAIRN_JSON OSV_JSON
      Compares the (ecosystem, package, version, vulnerability) sets for npm, Maven and PyPI, with
      GHSA/CVE/PYSEC ids folded into one key per alias group. Every difference must be in EXPECTED
      below for that ROUTE (sbom: both read Cairn's CycloneDX SBOM; image: both read the image).
      Exit 1 on anything unexplained.
  vuln-compare.py absent RECORDS REPORT ID_OR_DIR...
      Exit 1 if the Cairn or osv-scanner JSON REPORT names any of the ids (or their aliases); a
      directory stands for the ids of the records in it.
  vuln-compare.py docker-archive LAYOUT TAG OUT.tar
      Writes the image LAYOUT:TAG as a docker-archive (`docker save` layout), which osv-scanner's
      `scan image --archive` reads. Blobs are copied unchanged.
"""
import collections
import json
import os
import re
import sys
import zipfile

LANGS = ("npm", "Maven", "PyPI")

# Differences we know and accept: (route, only_in, ecosystem, package, version, canonical id, reason); "*"
# matches anything. only_in is "cairn" (Cairn reports it, osv-scanner does not) or "osv-scanner".
_NO_GROUP = ("osv-scanner names a CycloneDX component by its `name` alone (osv-scalibr's sbom/cdx extractor keeps"
             " neither `group` nor the purl namespace), so this Maven package becomes its bare artifactId and matches"
             " no advisory; from the image (jar metadata) it finds the same advisories as Cairn")
_JINJA2 = ("the advisory names the package `Jinja2`; osv-scanner's offline matcher compares that name byte for byte"
           " with the PEP 503-normalised package name `jinja2` and misses it; Cairn normalises both sides, as PEP 503 says")
EXPECTED = [
    ("sbom", "cairn", "Maven", "org.apache.logging.log4j:log4j-core", "*", "*", _NO_GROUP),
    ("sbom", "cairn", "Maven", "org.apache.commons:commons-text", "*", "*", _NO_GROUP),
    ("sbom", "cairn", "Maven", "com.fasterxml.jackson.core:jackson-databind", "*", "*", _NO_GROUP),
    ("*", "cairn", "PyPI", "jinja2", "*", "GHSA-cpwx-vrp4-4pq7", _JINJA2),
    ("*", "cairn", "PyPI", "jinja2", "*", "GHSA-h75v-3vvj-5mfj", _JINJA2),
]


def load_record(path):
    with open(path, "rb") as f:
        raw = f.read()
    if path.endswith((".yaml", ".yml")):
        import yaml  # PyYAML; see scripts/peers pyyaml
        rec = yaml.safe_load(raw)
        # YAML turns timestamps into datetimes: OSV wants RFC 3339 strings
        for k in ("modified", "published", "withdrawn"):
            if k in rec and not isinstance(rec[k], str):
                rec[k] = rec[k].isoformat().replace("+00:00", "Z")
        return rec
    return json.loads(raw)


def is_osv(rec):
    return isinstance(rec, dict) and isinstance(rec.get("id"), str) and "modified" in rec


def walk(src):
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".json", ".yaml", ".yml")):
                yield os.path.join(dirpath, name)


def build_db(out, srcs, empty=()):
    try:
        import yaml  # noqa: F401
        have_yaml = True
    except ImportError:
        have_yaml = False
    by_eco = collections.defaultdict(dict)
    records = {}
    skipped = collections.Counter()
    for src in srcs:
        for path in walk(src):
            if path.endswith((".yaml", ".yml")) and not have_yaml:
                skipped["yaml without PyYAML"] += 1
                continue
            try:
                rec = load_record(path)
            except Exception as e:  # a record neither tool can read is reported, not fatal
                print(f"  unreadable {path}: {e}", file=sys.stderr)
                skipped["unreadable"] += 1
                continue
            if not is_osv(rec):
                skipped["not an OSV record"] += 1
                continue
            ecos = sorted({a.get("package", {}).get("ecosystem", "").split(":")[0]
                           for a in rec.get("affected", []) if a.get("package")} - {""})
            records[rec["id"]] = {"aliases": rec.get("aliases", []), "ecosystems": ecos,
                                  "withdrawn": bool(rec.get("withdrawn")), "source": os.path.basename(os.path.normpath(src))}
            for eco in ecos:
                by_eco[eco][rec["id"]] = rec
    for eco in empty:
        by_eco.setdefault(eco, {})
    for eco, recs in sorted(by_eco.items()):
        d = os.path.join(out, "osv-scalibr", eco)
        os.makedirs(d, exist_ok=True)
        with zipfile.ZipFile(os.path.join(d, "all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
            for rid, rec in sorted(recs.items()):
                z.writestr(f"{rid}.json", json.dumps(rec))
        print(f"  {eco}: {len(recs)} records -> {os.path.relpath(os.path.join(d, 'all.zip'), out)}")
    with open(os.path.join(out, "records.json"), "w") as f:
        json.dump(records, f)
    print(f"  {len(records)} records; skipped: {dict(skipped) or 'none'}")


class Aliases:
    """Union of ids that name the same vulnerability; the key is its GHSA id where there is one."""

    def __init__(self, records):
        self.parent = {}
        for rid, r in records.items():
            for a in r["aliases"]:
                self.union(rid, a)

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def key(self, vid):
        root = self.find(vid)
        group = sorted(i for i in self.parent if self.find(i) == root) or [vid]
        ghsa = [i for i in group if i.startswith("GHSA-")]
        return (ghsa or group)[0]

    def group(self, vid):
        root = self.find(vid)
        return sorted(i for i in self.parent if self.find(i) == root)


ECO = {"npm": "npm", "maven": "Maven", "pypi": "PyPI", "go": "Go", "golang": "Go"}


def norm_name(eco, name):
    if eco == "PyPI":
        return re.sub(r"[-_.]+", "-", name).lower()
    return name


def cairn_findings(path):
    report = json.load(open(path))
    out = set()
    for m in report["matches"]:
        p = m["package"]
        eco = ECO.get(p["ecosystem"].lower(), m.get("advisoryEcosystem") or p["ecosystem"])
        out.add((eco, norm_name(eco, p["name"]), p["version"], m["id"]))
    return out, report


def osv_findings(path):
    report = json.load(open(path))
    out = set()
    for result in report.get("results") or []:
        for pkg in result.get("packages") or []:
            p = pkg["package"]
            eco = ECO.get(p["ecosystem"].lower(), p["ecosystem"])
            for v in pkg.get("vulnerabilities") or []:
                out.add((eco, norm_name(eco, p["name"]), p["version"], v["id"]))
    return out, report


def expected(route, side, f):
    for e in EXPECTED:
        if e[0] in (route, "*") and e[1] == side and all(want in (got, "*") for want, got in zip(e[2:6], f)):
            return e
    return None


def compare(route, records_path, cairn_path, osv_path):
    al = Aliases(json.load(open(records_path)))
    cairn_raw, _ = cairn_findings(cairn_path)
    osv_raw, _ = osv_findings(osv_path)
    fold = lambda s: {(e, n, v, al.key(i)) for (e, n, v, i) in s}
    cairn_all, osv_all = fold(cairn_raw), fold(osv_raw)
    cairn = {f for f in cairn_all if f[0] in LANGS}
    osv = {f for f in osv_all if f[0] in LANGS}
    ok = True
    for eco in LANGS:
        c = {f for f in cairn if f[0] == eco}
        o = {f for f in osv if f[0] == eco}
        print(f"  {eco}: cairn {len(c)}, osv-scanner {len(o)}, both {len(c & o)}"
              f" (vulnerable packages: cairn {len({f[1:3] for f in c})}, osv-scanner {len({f[1:3] for f in o})})")
    others = sorted({f[0] for f in cairn_all | osv_all} - set(LANGS))
    if others:
        print(f"  not compared (not a language ecosystem): {', '.join(others)}")
    print(f"  all: cairn {len(cairn)}, osv-scanner {len(osv)}, both {len(cairn & osv)}"
          f" (ids before folding aliases: cairn {len([f for f in cairn_raw if f[0] in LANGS])},"
          f" osv-scanner {len([f for f in osv_raw if f[0] in LANGS])})")
    seen = set()
    for side, diff in (("cairn", cairn - osv), ("osv-scanner", osv - cairn)):
        for f in sorted(diff):
            e = expected(route, side, f)
            what = f"only in {side}: {f[0]} {f[1]}@{f[2]} {'/'.join(al.group(f[3])) or f[3]}"
            if e:
                seen.add(e)
                print(f"  expected, {what}")
            else:
                ok = False
                print(f"  UNEXPLAINED, {what}")
    for reason in sorted({e[6] for e in seen}):
        print(f"  why ({', '.join(sorted({e[3] for e in seen if e[6] == reason}))}): {reason}")
    for e in EXPECTED:
        if e[0] in (route, "*") and e not in seen:
            print(f"  note: expected difference did not occur: {e[:6]}")
    return ok


def absent(records_path, report_path, targets):
    al = Aliases(json.load(open(records_path)))
    ids = set()
    for t in targets:
        if os.path.isdir(t):
            for name in os.listdir(t):
                if name.endswith(".json"):
                    ids |= set(al.group(name[:-5])) | {name[:-5]}
        else:
            ids |= set(al.group(t)) | {t}
    report = json.load(open(report_path))
    if "matches" in report:  # Cairn
        found = {(m["package"]["name"], m["package"]["version"], i) for m in report["matches"]
                 for i in [m["id"], *m.get("aliases", [])]}
    else:
        found = {(p["package"]["name"], p["package"]["version"], i) for r in report.get("results") or []
                 for p in r.get("packages") or [] for v in p.get("vulnerabilities") or [] for i in [v["id"], *v.get("aliases", [])]}
    hits = sorted(f"{n}@{v} {i}" for (n, v, i) in found if i in ids)
    print(f"  {len(ids)} ids checked in {os.path.basename(report_path)} ({len(found)} id/package pairs): "
          + (", ".join(hits) if hits else "none reported"))
    return not hits


def docker_archive(layout, tag, out):
    import io
    import tarfile
    blob = lambda d: os.path.join(layout, "blobs", *d.split(":", 1))
    index = json.load(open(os.path.join(layout, "index.json")))
    desc = next(m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
    manifest = json.load(open(blob(desc["digest"])))
    if "manifests" in manifest:  # an index: the first (only) image
        manifest = json.load(open(blob(manifest["manifests"][0]["digest"])))
    name = lambda d: "blobs/" + d.replace(":", "/")
    with tarfile.open(out, "w") as t:
        for d in [manifest["config"]["digest"]] + [l["digest"] for l in manifest["layers"]]:
            t.add(blob(d), arcname=name(d))
        data = json.dumps([{"Config": name(manifest["config"]["digest"]), "RepoTags": [f"cairn-fixture:{tag}"],
                            "Layers": [name(l["digest"]) for l in manifest["layers"]]}]).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))


def main(argv):
    if len(argv) >= 3 and argv[1] == "build-db":
        args, empty = argv[3:], ()
        if args[:1] == ["--empty"]:
            empty, args = args[1].split(","), args[2:]
        build_db(argv[2], args, empty)
        return 0
    if len(argv) == 6 and argv[1] == "compare":
        return 0 if compare(*argv[2:]) else 1
    if len(argv) >= 5 and argv[1] == "absent":
        return 0 if absent(argv[2], argv[3], argv[4:]) else 1
    if len(argv) == 5 and argv[1] == "docker-archive":
        docker_archive(*argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
