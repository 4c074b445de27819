#!/usr/bin/env python3
"""Writes authoritative-api-swagger.lab.yaml.zst: the published document (authoritative-api-swagger.yaml.zst, byte for
byte as GET /api/docs serves it) with its one structural defect repaired, so that kin-openapi (the labeller's
loader) reads it. Every other byte is kept.

The defect: getStats' 200 response gives `items` as a YAML list of three schemas (a JSON-Schema tuple,
StatisticItem / MapStatisticItem / RingStatisticItem); Swagger 2.0 allows one schema there, and
kin-openapi's openapi2 loader fails ("cannot unmarshal array into ... openapi2.Schema"). Swagger 2.0 has no
oneOf, so the list is replaced by `items: {}` (any item): no constraint is invented."""
import os, subprocess, sys
here = os.path.dirname(os.path.abspath(__file__))
# both stored zstd-compressed (zstd -19; zstd -d gives the exact bytes back)
src = os.path.join(here, "..", "authoritative-api-swagger.yaml.zst")
dst = os.path.join(here, "..", "authoritative-api-swagger.lab.yaml.zst")
text = subprocess.run(["zstd", "-dq", "-c", src], check=True, capture_output=True).stdout.decode("utf-8")
old = ("            items:\n"
       "              - $ref: '#/definitions/StatisticItem'\n"
       "              - $ref: '#/definitions/MapStatisticItem'\n"
       "              - $ref: '#/definitions/RingStatisticItem'\n")
new = "            items: {}\n"
if text.count(old) != 1:
    sys.exit("repair-spec: the tuple items list was not found exactly once")
subprocess.run(["zstd", "-q", "-19", "-f", "-o", dst], input=text.replace(old, new).encode("utf-8"), check=True)
print("wrote", os.path.relpath(dst))
