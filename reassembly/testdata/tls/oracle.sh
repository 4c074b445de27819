#!/usr/bin/env bash
# Writes tls.tsv, tshark's view of tls.pcap.gz (the oracle of
# TestTLSOracle): per handshake, client port, SNI, negotiated version,
# cipher suite, chosen ALPN ("-" for none). Needs tshark and python3.
set -euo pipefail
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
tshark -r tls.pcap.gz -Y 'tls.handshake.type==1' -T fields -e tcp.stream -e tcp.srcport -e tls.handshake.extensions_server_name > "$TMP/ch" 2>/dev/null
tshark -r tls.pcap.gz -Y 'tls.handshake.type==2' -T fields -E occurrence=f -e tcp.stream -e tls.handshake.extensions.supported_version -e tls.handshake.version -e tls.handshake.ciphersuite -e tls.handshake.extensions_alpn_str > "$TMP/sh" 2>/dev/null
python3 - "$TMP/ch" "$TMP/sh" > tls.tsv <<'PY'
import sys
names = {"0x0304": "TLS 1.3", "0x0303": "TLS 1.2", "0x0302": "TLS 1.1", "0x0301": "TLS 1.0"}
sh = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    stream, sv, v, cs, alpn = (f + [""] * 5)[:5]
    sh[stream] = (names.get(sv or v, sv or v), cs, alpn or "-")
print("# client_port\tsni\tversion\tcipher\talpn  (tshark on tls.pcap.gz, made by oracle.sh)")
for line in open(sys.argv[1]):
    stream, port, sni = (line.rstrip("\n").split("\t") + [""] * 3)[:3]
    v, cs, alpn = sh.get(stream, ("-", "-", "-"))
    print("\t".join([port, sni or "-", v, cs, alpn]))
PY
cat tls.tsv
