#!/usr/bin/env python3
"""Writes openapi.lab.json: Vault's generated document (openapi.json, unchanged beside it) with the credential it
never names. Every Vault request carries its token in the `X-Vault-Token` header (or `Authorization: Bearer`), but
the generator (sdk/framework/openapi.go) writes no securitySchemes and no security requirements; it marks the
paths that need no token with its own extension `x-vault-unauthenticated: true` (the backends' Unauthenticated
paths: logins, the PKI's CA and CRL, sys/health, seal-status, ...). Added, nothing else changed:
  * components.securitySchemes.vault_token = {type: apiKey, in: header, name: X-Vault-Token};
  * top-level security = [{vault_token: []}];
  * `security: []` on each operation of a path marked x-vault-unauthenticated.
usage: lab-spec.py openapi.json openapi.lab.json
"""
import json, sys
doc = json.load(open(sys.argv[1]))
doc.setdefault("components", {}).setdefault("securitySchemes", {})["vault_token"] = {
    "type": "apiKey", "in": "header", "name": "X-Vault-Token",
    "description": "Vault token (also accepted as Authorization: Bearer)"}
doc["security"] = [{"vault_token": []}]
n = 0
for item in doc["paths"].values():
    if item.get("x-vault-unauthenticated"):
        for m in ("get", "put", "post", "delete", "patch", "head", "options"):
            if m in item:
                item[m]["security"] = []
                n += 1
json.dump(doc, open(sys.argv[2], "w"), separators=(",", ":"))
print(f"openapi.lab.json: {n} operations marked public", file=sys.stderr)
