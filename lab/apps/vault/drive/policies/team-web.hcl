# Web team: storefront and marketing site secrets, the session-signing HMAC key
path "secret/data/teams/web/*"            { capabilities = ["create", "read", "update", "patch", "delete"] }
path "secret/metadata/teams/web/*"        { capabilities = ["read", "list"] }
path "secret/data/apps/storefront/*"      { capabilities = ["create", "read", "update", "patch", "delete"] }
path "secret/metadata/apps/storefront/*"  { capabilities = ["read", "list"] }
path "secret/metadata/apps/storefront"    { capabilities = ["list"] }
path "secret/delete/apps/storefront/*"    { capabilities = ["update"] }
path "secret/undelete/apps/storefront/*"  { capabilities = ["update"] }
path "secret/data/apps/marketing-site/*"  { capabilities = ["create", "read", "update"] }
path "secret/data/shared/*"               { capabilities = ["read"] }
path "transit/hmac/web-session"           { capabilities = ["update"] }
path "transit/verify/web-session"         { capabilities = ["update"] }
path "pki/issue/web-frontends"            { capabilities = ["update"] }
