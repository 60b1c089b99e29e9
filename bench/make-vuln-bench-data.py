#!/usr/bin/env python3
"""Deterministic bench data for bench/vuln-db-and-scan.sh, derived from the real OSV records.

  make-vuln-bench-data.py VULNDATA REAL_DB OUT_DIR [ADVISORIES [COMPONENTS]]

VULNDATA is ../shared/vulndata; REAL_DB a database imported from it (only its Debian package names are
read, with Python's sqlite3, read-only). Writes to OUT_DIR:

  npm-all.zip, Maven-all.zip, PyPI-all.zip, Go-all.zip   ADVISORIES (default 100,000) OSV records in all,
      OSV's own all.zip layout. Each is a real record (osv-ghsa*, osv-go, osv-pypi) with its id, aliases
      and package names rewritten: the affected entries keep their real ranges, events and version lists.
      Packages are drawn with a skew (a few packages have many advisories, most have one or two).
  sbom.cdx.json   a CycloneDX 1.5 SBOM of COMPONENTS (default 5,000) components: npm, Maven, PyPI, Go and
      Debian 10 packages. About 5 % of the language components are at a version one of their
      advisories names as affected, about 20 % at a version one of their advisories names as fixed
      (others may still name it), the rest have no advisory at all; Debian packages are real source-package names of the DSA list.

Same arguments, same bytes.
"""
import datetime
import json
import random
import sqlite3
import sys
import zipfile
from pathlib import Path

import yaml

SEED = 20261122
# How the generated advisories are split (npm the largest, as in OSV itself).
SHARE = {"npm": 0.35, "Maven": 0.25, "PyPI": 0.20, "Go": 0.20}
ADVISORIES_PER_PACKAGE = 4  # on average


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def timestamp(v):
    """YAML reads OSV's timestamps as datetimes: back to RFC 3339."""
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(v)


def load_records(vulndata: Path):
    """Real OSV records by the ecosystem whose ranges they may lend: {eco: [record]}."""
    templates = {"npm": [], "Maven": [], "PyPI": [], "Go": []}
    files = []
    for d in sorted(vulndata.glob("osv-*")):
        files += sorted(p for p in d.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    for f in files:
        try:
            rec = json.loads(f.read_text()) if f.suffix == ".json" else yaml.load(f.read_text(), Loader=LOADER)
            rec = json.loads(json.dumps(rec, default=timestamp))
        except Exception:
            continue
        if not isinstance(rec, dict) or rec.get("withdrawn") or not rec.get("affected") or "id" not in rec:
            continue
        ecos = {a.get("package", {}).get("ecosystem") for a in rec["affected"]}
        usable = [a for a in rec["affected"] if a.get("ranges") or a.get("versions")]
        if not usable:
            continue
        if "Go" in ecos:
            templates["Go"].append(rec)
            templates["npm"].append(rec)  # Go's SEMVER ranges are valid npm ranges too
        if "PyPI" in ecos:
            templates["PyPI"].append(rec)
        if "npm" in ecos:
            templates["npm"].append(rec)
        if "Maven" in ecos:
            templates["Maven"].append(rec)
    # Maven has few real records here: it also borrows Go's ranges, as ECOSYSTEM ranges (semver-shaped
    # versions order the same under Maven's rules).
    templates["Maven"] += templates["Go"]
    return templates


def package_name(eco: str, k: int) -> str:
    if eco == "npm":
        return f"@bench{k % 97}/pkg-{k}" if k % 3 == 0 else f"bench-pkg-{k}"
    if eco == "Maven":
        return f"org.bench.g{k % 499}:artifact-{k}"
    if eco == "PyPI":
        return f"bench_py-{k}"  # the SBOM spells it Bench.Py-k: PEP 503 makes them equal
    return f"example.com/bench/mod{k}"


def fixed_version(entry: dict):
    """A version the entry names as fixed, or None."""
    for r in entry.get("ranges", []):
        for e in r.get("events", []):
            if "fixed" in e:
                return str(e["fixed"])
    return None


def affected_version(entry: dict):
    """A version the entry names as affected, or None."""
    if entry.get("versions"):
        return str(entry["versions"][0])
    for r in entry.get("ranges", []):
        if r.get("type") == "GIT":
            continue
        events = r.get("events", [])
        for i, e in enumerate(events):
            if "introduced" in e:
                v = str(e["introduced"])
                if v != "0":
                    return v
                nxt = events[i + 1] if i + 1 < len(events) else {}
                if "fixed" in nxt or "last_affected" in nxt or not nxt:
                    return "0.0.1"
    return None


def rewrite(rec: dict, eco: str, n: int, first_pkg: int, pool: int):
    """The record as generated advisory n of eco, its affected packages from first_pkg on."""
    out = {k: v for k, v in rec.items() if k not in ("affected", "aliases", "id", "related")}
    out["id"] = f"BENCH-{eco.upper()}-{n:06d}"
    out["aliases"] = [f"{a.split('-')[0]}-BENCH-{eco.upper()}-{n:06d}-{j}" for j, a in enumerate(rec.get("aliases") or [])]
    src = [a for a in rec["affected"] if a.get("ranges") or a.get("versions")]
    affected, hits = [], []
    for j, a in enumerate(src):
        k = (first_pkg + j) % pool
        a = json.loads(json.dumps(a))
        pkg = {"ecosystem": eco, "name": package_name(eco, k)}
        a["package"] = pkg
        ranges = []
        for r in a.get("ranges", []):
            if r.get("type") == "GIT":
                continue  # commit ranges name no versions we could match a package against
            if eco in ("Maven", "PyPI") and r.get("type") == "SEMVER":
                r["type"] = "ECOSYSTEM"
            ranges.append(r)
        a["ranges"] = ranges
        if not ranges and not a.get("versions"):
            continue
        a.pop("ecosystem_specific", None)
        affected.append(a)
        hits.append((k, affected_version(a), fixed_version(a)))
    out["affected"] = affected
    return (out, hits) if affected else (None, [])


def debian_names(real_db: Path, release: str):
    """Source-package names that the real Debian advisories name for the release."""
    c = sqlite3.connect(f"file:{real_db}?mode=ro", uri=True)
    try:
        names = set()
        for (blob,) in c.execute("SELECT json FROM advisories WHERE source = 'debian'"):
            names.update(a["name"] for a in json.loads(blob)["affected"] if a["ecosystem"] == release)
        return sorted(names)
    finally:
        c.close()


def purl(eco: str, name: str, version: str) -> str:
    if eco == "npm":
        if name.startswith("@"):
            scope, n = name.split("/", 1)
            return f"pkg:npm/%40{scope[1:]}/{n}@{version}"
        return f"pkg:npm/{name}@{version}"
    if eco == "Maven":
        g, a = name.split(":")
        return f"pkg:maven/{g}/{a}@{version}"
    if eco == "PyPI":
        return f"pkg:pypi/{name}@{version}"
    return f"pkg:golang/{name}@v{version}"


def main():
    vulndata, real_db, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    total = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000
    components = int(sys.argv[5]) if len(sys.argv) > 5 else 5_000
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(SEED)
    templates = load_records(vulndata)

    hits = {eco: {} for eco in SHARE}        # eco -> package index -> a version some advisory names as affected
    fixes = {eco: {} for eco in SHARE}       # eco -> package index -> a version some advisory names as fixed
    pools = {}
    written = 0
    for eco, share in SHARE.items():
        count = int(total * share) if eco != "Go" else total - written
        pool = max(1, count // ADVISORIES_PER_PACKAGE)
        pools[eco] = pool
        recs = templates[eco]
        with zipfile.ZipFile(out / f"{eco}-all.zip", "w", zipfile.ZIP_DEFLATED) as z:
            n = 0
            while n < count:
                rec = recs[rnd.randrange(len(recs))]
                first = int(pool * rnd.random() ** 2)  # skewed towards the low package numbers
                adv, h = rewrite(rec, eco, n, first, pool)
                if adv is None:
                    continue
                info = zipfile.ZipInfo(f"{adv['id']}.json", date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, json.dumps(adv, indent=1, sort_keys=True))
                for k, affected, fixed in h:
                    if affected is not None:
                        hits[eco].setdefault(k, affected)
                    if fixed is not None:
                        fixes[eco].setdefault(k, fixed)
                n += 1
        written += count
        print(f"{eco}: {count} advisories over {pool} package names, from {len(recs)} real records", file=sys.stderr)

    # The SBOM.
    mix = [("npm", 0.36), ("Maven", 0.24), ("PyPI", 0.16), ("Go", 0.14)]
    debs = debian_names(real_db, "Debian:10")
    comps = []
    seen = set()

    def add(eco, name, version, p):
        if p in seen:
            return False
        seen.add(p)
        comps.append({"type": "library", "bom-ref": p, "name": name, "version": version, "purl": p})
        return True

    for eco, share in mix:
        want = int(components * share)
        keys = sorted(hits[eco])
        fixed_keys = sorted(fixes[eco])
        made = 0
        while made < want:
            roll = rnd.random()
            if roll < 0.05 and keys:
                k = keys[rnd.randrange(len(keys))]
                version = hits[eco][k]
            elif roll < 0.25 and fixed_keys:
                k = fixed_keys[rnd.randrange(len(fixed_keys))]
                version = fixes[eco][k]
            else:
                k = pools[eco] + rnd.randrange(10 * pools[eco])  # a package no advisory names
                version = f"1.{rnd.randrange(30)}.{rnd.randrange(10)}"
            name = package_name(eco, k)
            if eco == "PyPI":
                name = name.replace("bench_py-", "Bench.Py-")
            made += add(eco, name, version, purl(eco, name, version))
    while len(comps) < components:
        i = len(comps)
        name = debs[rnd.randrange(len(debs))] if debs and rnd.random() < 0.8 else f"bench-deb-{i}"
        version = "0.1-1" if rnd.random() < 0.1 else f"99:{rnd.randrange(1, 9)}.0-1"
        add("deb", name, version, f"pkg:deb/debian/{name}@{version}?arch=amd64&distro=debian-10")

    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "serialNumber": "urn:uuid:3c0a2f2e-5000-4c0d-9a11-000000005000",
        "metadata": {"timestamp": "2026-01-01T00:00:00Z",
                     "component": {"type": "container", "name": "bench/app-5000", "bom-ref": "bench/app-5000"}},
        "components": [{"type": "operating-system", "name": "debian", "version": "10.13", "bom-ref": "os"}] + comps,
    }
    (out / "sbom.cdx.json").write_text(json.dumps(bom, indent=1))
    print(f"sbom: {len(comps)} components", file=sys.stderr)


if __name__ == "__main__":
    main()
