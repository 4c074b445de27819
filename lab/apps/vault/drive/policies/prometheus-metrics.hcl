# Prometheus scraper
path "sys/metrics" { capabilities = ["read"] }
