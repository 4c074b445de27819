#!/usr/bin/env python3
"""Makes rest-api.lab.yaml from the published rest-api.yaml (LXD 5.0.2's Swagger 2.0 document), repairing the one
structural defect kin-openapi (the labeller's loader) refuses: "multiple body parameters cannot exist for the same
operation". Two operations document both request forms as `in: body` parameters:
  POST /1.0/images     `image` (ImagesPost, JSON) and `raw_image` ("Raw image file", the tarball upload)
  POST /1.0/instances  `instance` (InstancesPost, JSON) and `raw_backup` ("Raw backup file", a backup upload)
Swagger 2.0 allows one body parameter; the second (the raw one, with no schema) is dropped: its three lines
(`- description: ...`, `in: body`, `name: raw_...`). Every other byte is the published file's.
Usage: repair-spec.py IN OUT"""
import sys

src = open(sys.argv[1], encoding="utf-8").read().split("\n")
out, i, dropped = [], 0, []
while i < len(src):
    line = src[i]
    if (line.strip() in ("- description: Raw image file", "- description: Raw backup file")
            and src[i + 1].strip() == "in: body" and src[i + 2].strip() in ("name: raw_image", "name: raw_backup")):
        dropped.append(src[i + 2].strip()); i += 3; continue
    out.append(line); i += 1
assert sorted(dropped) == ["name: raw_backup", "name: raw_image"], dropped
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
