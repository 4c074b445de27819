# CI/CD pipelines (AppRole): read application config, issue service certificates, encrypt build artefacts
path "secret/data/apps/*"          { capabilities = ["read"] }
path "secret/metadata/apps/*"      { capabilities = ["read", "list"] }
path "pki/issue/internal-services" { capabilities = ["update"] }
path "transit/encrypt/build-artifacts" { capabilities = ["update"] }
