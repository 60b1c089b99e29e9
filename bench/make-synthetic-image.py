#!/usr/bin/env python3
"""Writes an OCI image layout holding one image whose single gzip layer has N small files
(default 300,000) plus a real dpkg status and os-release, to measure SBOM generation on an image
with hundreds of thousands of files. usage: make-synthetic-image.py DIR [N]"""
import gzip, hashlib, io, json, os, sys, tarfile, time

out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)

def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); info.mtime = int(time.time()); info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
    add("etc/os-release", b'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    add("var/lib/dpkg/status", b"Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u5\n\n")
    for i in range(count):
        add(f"usr/share/data/d{i // 1000:04d}/file{i:07d}.txt", b"x")
layer_tar = raw.getvalue()
layer = gzip.compress(layer_tar, compresslevel=1)
layer_desc = dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip", **blob(layer))
config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers",
          "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()]}, "config": {}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **blob(config)), "layers": [layer_desc]}).encode()
m = blob(manifest)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [dict(mediaType="application/vnd.oci.image.manifest.v1+json",
               annotations={"org.opencontainers.image.ref.name": "big"}, **m)]}, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
print(f"{out}: {count} files, layer {len(layer)} bytes gzip, {len(layer_tar)} bytes tar")
