# Payments team: its own KV tree, the card-data transit key, read-only on shared config
path "secret/data/teams/payments/*"     { capabilities = ["create", "read", "update", "patch", "delete"] }
path "secret/metadata/teams/payments/*" { capabilities = ["read", "list", "delete"] }
path "secret/metadata/teams/payments"   { capabilities = ["list"] }
path "secret/delete/teams/payments/*"   { capabilities = ["update"] }
path "secret/undelete/teams/payments/*" { capabilities = ["update"] }
path "secret/data/apps/checkout-api/*"  { capabilities = ["create", "read", "update", "patch"] }
path "secret/metadata/apps/checkout-api/*" { capabilities = ["read", "list"] }
path "secret/data/shared/*"             { capabilities = ["read"] }
path "transit/encrypt/payments-card"    { capabilities = ["update"] }
path "transit/decrypt/payments-card"    { capabilities = ["update"] }
path "transit/rewrap/payments-card"     { capabilities = ["update"] }
path "transit/keys/payments-card"       { capabilities = ["read"] }
