#!/usr/bin/env python3
"""A release pipeline and a mirror job on the OCI distribution API as the spec shows it: monolithic, POST+PUT and
chunked blob uploads, cancelled uploads, cross-repository mounts, HEAD checks, manifests by tag and digest, tag
listing with pagination, the catalog, referrers (an SBOM and a signature attached to an image), deletes."""
import json, os, sys
from oci import Client, digest

ci = Client("api-ci", os.environ["CI_USER"], os.environ["CI_PASS"], ua="release-pipeline/3.4 (python)")
dev = Client("api-dev", os.environ["DEV_USER"], os.environ["DEV_PASS"], ua="alice-scripts/0.2")
B = "/v2"


def blob_monolithic(c, repo, data):
    d = digest(data)
    s, h, _ = c.req("HEAD", f"{B}/{repo}/blobs/{d}")
    if s == 200:
        return d
    s, h, _ = c.req("POST", f"{B}/{repo}/blobs/uploads/?digest={d}", data,
                    {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))})
    if s != 201:  # fall back to POST + PUT
        s, h, _ = c.req("POST", f"{B}/{repo}/blobs/uploads/", b"", {"Content-Length": "0"})
        loc = h["location"]
        sep = "&" if "?" in loc else "?"
        c.req("PUT", f"{loc}{sep}digest={d}", data, {"Content-Type": "application/octet-stream"})
    return d


def blob_post_put(c, repo, data):
    d = digest(data)
    s, h, _ = c.req("POST", f"{B}/{repo}/blobs/uploads/", b"", {"Content-Length": "0"})
    loc = h["location"]
    c.req("GET", loc)
    sep = "&" if "?" in loc else "?"
    c.req("PUT", f"{loc}{sep}digest={d}", data, {"Content-Type": "application/octet-stream"})
    c.req("HEAD", f"{B}/{repo}/blobs/{d}")
    return d


def blob_chunked(c, repo, data, n=3):
    d = digest(data)
    s, h, _ = c.req("POST", f"{B}/{repo}/blobs/uploads/", b"", {"Content-Length": "0"})
    loc = h["location"]
    step = (len(data) + n - 1) // n
    off = 0
    while off < len(data):
        chunk = data[off:off + step]
        s, h, _ = c.req("PATCH", loc, chunk, {"Content-Type": "application/octet-stream",
                                              "Content-Range": f"{off}-{off + len(chunk) - 1}",
                                              "Content-Length": str(len(chunk))})
        loc = h.get("location", loc)
        off += len(chunk)
        c.req("GET", loc)
    sep = "&" if "?" in loc else "?"
    c.req("PUT", f"{loc}{sep}digest={d}", b"", {"Content-Length": "0"})
    return d


def manifest(c, repo, ref, cfg, layers, extra=None, mt="application/vnd.oci.image.manifest.v1+json"):
    cd = blob_monolithic(c, repo, cfg)
    m = {"schemaVersion": 2, "mediaType": mt,
         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": len(cfg)},
         "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest(l), "size": len(l)}
                    for l in layers]}
    m.update(extra or {})
    body = json.dumps(m).encode()
    s, h, _ = c.req("PUT", f"{B}/{repo}/manifests/{ref}", body, {"Content-Type": mt})
    return digest(body), body


def cfg(title, ver):
    return json.dumps({"architecture": "amd64", "os": "linux", "config": {"Labels": {"title": title, "version": ver}},
                       "rootfs": {"type": "layers", "diff_ids": []}}).encode()


def release():
    ci.req("GET", f"{B}/")
    apps = [("team-a/web/api", ["v1.2.3", "v1.3.0"]), ("team-b/billing/worker", ["1.0.0", "2024-06-01"]),
            ("payments/ledger", ["v0.9.0", "v0.9.1"]), ("acme/ml/trainer-v2", ["2024-06-01", "2024-06-15"])]
    for repo, tags in apps:
        for i, tag in enumerate(tags):
            l1 = (f"layer-{repo}-{tag}-base " * 8).encode()
            l2 = (f"layer-{repo}-{tag}-app-files " * 12).encode()
            blob_monolithic(ci, repo, l1)
            if i % 2 == 0:
                blob_chunked(ci, repo, l2)
            else:
                blob_post_put(ci, repo, l2)
            md, _ = manifest(ci, repo, tag, cfg(repo, tag), [l1, l2])
            ci.req("HEAD", f"{B}/{repo}/manifests/{tag}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
            ci.req("GET", f"{B}/{repo}/manifests/{md}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
        ci.req("GET", f"{B}/{repo}/tags/list")
        ci.req("GET", f"{B}/{repo}/tags/list?n=1")
    # a cancelled upload and a stale session
    s, h, _ = ci.req("POST", f"{B}/team-a/web/api/blobs/uploads/", b"", {"Content-Length": "0"})
    ci.req("PATCH", h["location"], b"partial-bytes-of-an-abandoned-push", {"Content-Type": "application/octet-stream"})
    ci.req("DELETE", h["location"])
    ci.req("GET", h["location"])
    ci.req("GET", f"{B}/team-a/web/api/blobs/uploads/2d0c3f1e-7b7a-4f8e-9a55-000000000000")


def mounts():
    # promote: mount the layers of team-a/web/api into team-a/web/api-prod and payments/ledger into payments/ledger-dr
    for src, dst, tag in [("team-a/web/api", "team-a/web/api-prod", "v1.3.0"), ("payments/ledger", "payments/ledger-dr", "v0.9.1")]:
        s, h, m = ci.json("GET", f"{B}/{src}/manifests/{tag}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
        for desc in [m["config"]] + m["layers"]:
            ci.req("HEAD", f"{B}/{dst}/blobs/{desc['digest']}")
            s, h, _ = ci.req("POST", f"{B}/{dst}/blobs/uploads/?mount={desc['digest']}&from={src}", b"", {"Content-Length": "0"})
            if s == 202:  # not mounted: upload it
                _, _, data = ci.req("GET", f"{B}/{src}/blobs/{desc['digest']}")
                loc = h["location"]
                ci.req("PUT", f"{loc}{'&' if '?' in loc else '?'}digest={desc['digest']}", data)
        body = json.dumps(m).encode()
        ci.req("PUT", f"{B}/{dst}/manifests/{tag}", body, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
        ci.req("PUT", f"{B}/{dst}/manifests/stable", body, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
        ci.req("GET", f"{B}/{dst}/tags/list")


def referrers():
    for repo, tag in [("team-a/web/api", "v1.3.0"), ("acme/ml/trainer-v2", "2024-06-15"), ("payments/ledger", "v0.9.1")]:
        s, h, m = ci.req("HEAD", f"{B}/{repo}/manifests/{tag}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
        subject = h.get("docker-content-digest")
        _, _, body = ci.req("GET", f"{B}/{repo}/manifests/{subject}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
        sbom = json.dumps({"spdxVersion": "SPDX-2.3", "name": f"{repo}:{tag}", "packages": [{"name": "lablinux-base", "versionInfo": "3.20.0"}]}).encode()
        sig = f"signature of {subject} by release-key-2024".encode()
        for art_type, blob in [("application/spdx+json", sbom), ("application/vnd.dev.cosign.simplesigning.v1+json", sig)]:
            bd = blob_monolithic(ci, repo, blob)
            art = {"mediaType": "application/vnd.oci.artifact.manifest.v1+json", "artifactType": art_type,
                   "blobs": [{"mediaType": art_type, "digest": bd, "size": len(blob)}],
                   "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": subject, "size": len(body)},
                   "annotations": {"org.opencontainers.artifact.created": "2024-06-01T00:00:00Z"}}
            ab = json.dumps(art).encode()
            s, h, _ = ci.req("PUT", f"{B}/{repo}/manifests/{digest(ab)}", ab, {"Content-Type": art["mediaType"]})
            if s >= 400:  # an image manifest with a subject instead
                im = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": art_type, "digest": blob_monolithic(ci, repo, b"{}"), "size": 2},
                      "layers": [{"mediaType": art_type, "digest": bd, "size": len(blob)}],
                      "subject": art["subject"]}
                ib = json.dumps(im).encode()
                ci.req("PUT", f"{B}/{repo}/manifests/{digest(ib)}", ib, {"Content-Type": im["mediaType"]})
        ci.req("GET", f"{B}/{repo}/referrers/{subject}")
        ci.req("GET", f"{B}/{repo}/referrers/{subject}?artifactType=application%2Fspdx%2Bjson")
        dev.req("GET", f"{B}/{repo}/referrers/{subject}")
        # the ORAS artifacts (alpha) referrers API
        ci.req("GET", f"/oras/artifacts/v1/{repo}/manifests/{subject}/referrers")
        ci.req("GET", f"/oras/artifacts/v1/{repo}/manifests/{subject}/referrers?artifactType=application%2Fvnd.dev.cosign.simplesigning.v1%2Bjson")


def browse():
    s, h, cat = dev.json("GET", f"{B}/_catalog")
    dev.req("GET", f"{B}/_catalog?n=3")
    s, h, _ = dev.req("GET", f"{B}/_catalog?n=3&last=alpine")
    dev.req("GET", f"{B}/_oci/ext/discover")
    for repo in (cat or {}).get("repositories", [])[:12]:
        s, h, tl = dev.json("GET", f"{B}/{repo}/tags/list")
        for tag in ((tl or {}).get("tags") or [])[:2]:
            s, h, m = dev.json("GET", f"{B}/{repo}/manifests/{tag}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"})
            if m and m.get("config"):
                dev.req("GET", f"{B}/{repo}/blobs/{m['config']['digest']}")
                for l in m.get("layers", [])[:1]:
                    dev.req("HEAD", f"{B}/{repo}/blobs/{l['digest']}")
    # things that are not there
    dev.req("GET", f"{B}/team-a/web/api/manifests/v9.9.9")
    dev.req("HEAD", f"{B}/team-a/web/api/blobs/sha256:{'0' * 64}")
    dev.req("GET", f"{B}/nosuch/repo/tags/list")
    dev.req("GET", f"{B}/team-a/web/api/manifests/sha256:{'ab' * 32}")


def cleanup():
    # delete an old tag by digest, a stray blob, a whole old image
    for repo, tag in [("team-b/billing/worker", "1.0.0"), ("payments/ledger", "v0.9.0"), ("acme/ml/trainer-v2", "2024-06-01")]:
        s, h, _ = ci.req("HEAD", f"{B}/{repo}/manifests/{tag}", headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
        d = h.get("docker-content-digest")
        ci.req("DELETE", f"{B}/{repo}/manifests/{d}")
        ci.req("GET", f"{B}/{repo}/manifests/{tag}")
        ci.req("GET", f"{B}/{repo}/tags/list")
    stray = b"a stray blob uploaded by a failed job on 2024-06-01"
    d = blob_monolithic(ci, "team-b/billing/worker", stray)
    ci.req("DELETE", f"{B}/team-b/billing/worker/blobs/{d}")
    ci.req("HEAD", f"{B}/team-b/billing/worker/blobs/{d}")
    # alice may not delete below acme/ (403), nor delete with a tag reference
    dev.req("DELETE", f"{B}/acme/ml/trainer-v2/manifests/2024-06-15")
    dev.req("PUT", f"{B}/acme/ml/trainer-v2/manifests/alice-test", b"{}", {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})


if __name__ == "__main__":
    for step in sys.argv[1:]:
        globals()[step]()
