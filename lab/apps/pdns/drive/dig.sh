#!/usr/bin/env bash
# DNS queries (not HTTP, not recorded: the capture filters on the webserver port) so the status page's rings
# and the statistics have content: answers, NXDOMAINs, a refused name, DNSSEC, and zone transfers.
set -uo pipefail
P=${PDNS_DNS_PORT:-15353}
q() { dig +time=2 +tries=1 @127.0.0.1 -p $P "$@" > /dev/null; }
for n in example.org www.example.org shop.example.net api.shop.example.net grafana.k8s-internal.corp \
         vault.k8s-internal.corp xn--bcher-kva.example nothere.example.org typo.shop.example.net \
         google.com 10.2.0.192.in-addr.arpa; do q $n A; done
q example.org MX; q example.org TXT; q _sip._tcp.example.org SRV; q example.org DNSKEY +dnssec
q -x 10.42.0.10; q -x 192.0.2.25; q example.org AAAA +dnssec
q example.org AXFR; q 10.in-addr.arpa AXFR
echo "dig.sh done" >&2
