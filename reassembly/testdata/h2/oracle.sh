#!/usr/bin/env bash
# Writes h2c.tsv, tshark's view of h2c.pcap (the oracle of TestH2Oracle):
# one line per HTTP/2 stream, in the order its request was seen: client
# port, method, authority, path, status. An h2c upgrade's request is the
# HTTP/1.1 request on that connection (stream 1). Needs tshark and python3;
# run from this directory.
set -euo pipefail
PCAP=${1:-h2c.pcap}
PORT=${PORT:-18080}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# with the port decoded as HTTP/2 (prior knowledge), and without (tshark
# then follows the Upgrade: h2c itself)
tshark -r "$PCAP" -d tcp.port==$PORT,http2 -Y 'http2' -T json --no-duplicate-keys > "$TMP/a.json" 2>/dev/null
tshark -r "$PCAP" -Y 'http or http2' -T json --no-duplicate-keys > "$TMP/b.json" 2>/dev/null
python3 -c '
import json, sys
pk = json.load(open(sys.argv[1])) + json.load(open(sys.argv[2]))
req, st, order = {}, {}, []
def walk(o, out):
    # every http2.stream object, wherever tshark nests it
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "http2.stream":
                for s in (v if isinstance(v, list) else [v]):
                    out.append(s)
            else:
                walk(v, out)
    elif isinstance(o, list):
        for v in o:
            walk(v, out)
for p in pk:
    L = p["_source"]["layers"]
    tcp = L["tcp"]["tcp.stream"]; sport = L["tcp"]["tcp.srcport"]
    h1 = L.get("http")
    if h1 is not None and "h2c" in json.dumps(h1).lower() and "http.request.method" in json.dumps(h1):
        def find(o, key):
            if isinstance(o, dict):
                for k, v in o.items():
                    if k == key: return v
                    r = find(v, key)
                    if r is not None: return r
            return None
        k = (tcp, "1")
        if k not in req:
            order.append(k)
        req[k] = (sport, find(h1, "http.request.method"), find(h1, "http.host"), find(h1, "http.request.uri"))
    streams = []
    walk(L.get("http2", {}), streams)
    for s in streams:
        if s.get("http2.type") != "1":
            continue
        sid = s.get("http2.streamid")
        hdr = {}
        def hwalk(o):
            if isinstance(o, dict):
                if "http2.header.name" in o:
                    hdr.setdefault(o["http2.header.name"], o.get("http2.header.value", ""))
                for v in o.values(): hwalk(v)
            elif isinstance(o, list):
                for v in o: hwalk(v)
        hwalk(s)
        k = (tcp, sid)
        if ":method" in hdr:
            if k not in req:
                order.append(k)
            req[k] = (sport, hdr[":method"], hdr.get(":authority", ""), hdr.get(":path", ""))
        if ":status" in hdr and k not in st:
            st[k] = hdr[":status"]
print("# client_port\tmethod\tauthority\tpath\tstatus  (tshark on h2c.pcap, made by oracle.sh)")
for k in order:
    p, m, a, pa = req[k]
    print("\t".join([p, m, a, pa, st.get(k, "-")]))
' "$TMP/a.json" "$TMP/b.json" > h2c.tsv
wc -l < h2c.tsv
# h2c-midstream.pcap.gz (TestH2MidStream) is h2c.pcap with the prior-knowledge connection (client port 52646) cut
# before frame 27, as if the capture had started there:
#   tshark -r h2c.pcap -Y '!(tcp.port==52646) or frame.number >= 27' -w h2c-midstream.pcap && gzip -9 h2c-midstream.pcap
