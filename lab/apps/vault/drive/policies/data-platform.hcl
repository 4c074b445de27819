# Data platform: warehouse credentials in KV v2, the old ETL secrets in the KV v1 mount, datakeys for Parquet files
path "secret/data/teams/data/*"      { capabilities = ["create", "read", "update", "delete"] }
path "secret/metadata/teams/data/*"  { capabilities = ["read", "list", "delete"] }
path "secret/metadata/teams/data"    { capabilities = ["list"] }
path "secret/delete/teams/data/*"    { capabilities = ["update"] }
path "legacy/etl/*"                  { capabilities = ["create", "read", "update", "delete", "list"] }
path "legacy/etl"                    { capabilities = ["list"] }
path "transit/datakey/plaintext/warehouse-files" { capabilities = ["update"] }
path "transit/decrypt/warehouse-files" { capabilities = ["update"] }
