#!/usr/bin/env python3
"""Writes authoritative-api-swagger.lab.yaml: the published document (authoritative-api-swagger.yaml, byte for
byte as GET /api/docs serves it) with its one structural defect repaired, so that kin-openapi (the labeller's
loader) reads it. Every other byte is kept.

The defect: getStats' 200 response gives `items` as a YAML list of three schemas (a JSON-Schema tuple,
StatisticItem / MapStatisticItem / RingStatisticItem); Swagger 2.0 allows one schema there, and
kin-openapi's openapi2 loader fails ("cannot unmarshal array into ... openapi2.Schema"). Swagger 2.0 has no
oneOf, so the list is replaced by `items: {}` (any item): no constraint is invented."""
import os, sys
here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "authoritative-api-swagger.yaml")
dst = os.path.join(here, "..", "authoritative-api-swagger.lab.yaml")
text = open(src, encoding="utf-8").read()
old = ("            items:\n"
       "              - $ref: '#/definitions/StatisticItem'\n"
       "              - $ref: '#/definitions/MapStatisticItem'\n"
       "              - $ref: '#/definitions/RingStatisticItem'\n")
new = "            items: {}\n"
if text.count(old) != 1:
    sys.exit("repair-spec: the tuple items list was not found exactly once")
open(dst, "w", encoding="utf-8").write(text.replace(old, new))
print("wrote", os.path.relpath(dst))
