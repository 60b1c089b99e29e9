#!/usr/bin/env python3
"""Compares the package sets of CycloneDX SBOMs by PURL type, namespace, name and version.

usage: sbom-compare.py OURS.json PEER.json PEER_NAME
Prints one line per ecosystem and exits 1 on an unexplained difference. Known, documented
differences are normalised first (see KNOWN below), so what remains is a real disagreement.
"""
import json
import re
import sys
from urllib.parse import unquote

# Differences we know of and have decided on; each is a peer's choice, not a package disagreement.
KNOWN = {
    "syft": "syft puts a Debian epoch into the PURL version (bsdutils@1:2.38.1-5); Cairn and trivy use an epoch qualifier",
    "trivy": "trivy writes distro=debian-12.15 (point release); Cairn writes debian-12 (the release advisories key on)",
}


def packages(path):
    with open(path) as f:
        bom = json.load(f)
    found = {}

    def walk(components):
        for c in components or []:
            purl = c.get("purl", "")
            m = re.match(r"pkg:([^/]+)/(.+?)@([^?#]+)", purl)
            if m:
                kind, name, version = m.group(1), unquote(m.group(2)), unquote(m.group(3))
                if kind == "deb":
                    name = name.split("/")[-1]
                    version = re.sub(r"^\d+:", "", version)  # syft: epoch in version
                if kind == "pypi":
                    name = re.sub(r"[-_.]+", "-", name.lower())
                found.setdefault(kind, set()).add(f"{name}@{version}")
            walk(c.get("components"))

    walk(bom.get("components"))
    return found


def main():
    ours, theirs, peer = packages(sys.argv[1]), packages(sys.argv[2]), sys.argv[3]
    ok = True
    for kind in ("deb", "npm", "pypi", "maven"):
        a, b = ours.get(kind, set()), theirs.get(kind, set())
        if a == b:
            print(f"  {kind}: {len(a)} packages, identical to {peer}")
        else:
            ok = False
            print(f"  {kind}: cairn {len(a)}, {peer} {len(b)}; only cairn: {sorted(a - b)[:5]}; only {peer}: {sorted(b - a)[:5]}")
    if peer in KNOWN:
        print(f"  (normalised known difference: {KNOWN[peer]})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
