# Security team: read-only view of configuration and metadata, never secret values
path "sys/policies/acl"        { capabilities = ["list"] }
path "sys/policies/acl/*"      { capabilities = ["read"] }
path "sys/mounts"              { capabilities = ["read"] }
path "sys/auth"                { capabilities = ["read"] }
path "sys/audit"               { capabilities = ["read", "sudo"] }
path "secret/metadata/*"       { capabilities = ["read", "list"] }
path "identity/entity/name"    { capabilities = ["list"] }
path "identity/entity/name/*"  { capabilities = ["read"] }
path "identity/group/name"     { capabilities = ["list"] }
path "identity/group/name/*"   { capabilities = ["read"] }
path "pki/certs"               { capabilities = ["list"] }
path "pki/cert/*"              { capabilities = ["read"] }
path "auth/token/accessors"    { capabilities = ["list", "sudo"] }
path "auth/token/lookup-accessor" { capabilities = ["update"] }
