#!/usr/bin/env python3
"""Asks a running Netdata agent which names its URL dispatcher routes (used by routes.sh).

Netdata 1.37.1's web server (web/server/web_client.c, web/api/web_api_v1.c) dispatches on the first path segment
(`api`, `host`, `netdata.conf`, else the static-file handler), then on the API version (`v1`), then on the rest of the
path, compared whole with the v1 command table (`strcmp(url, command)`). Each level answers its own miss:
  /api/v1/<x>  -> 404 "Unsupported v1 API command: <x>"
  /api/<x>     -> 404 "Unsupported API version: <x>"
  /<x>         -> 404 "File does not exist, or is not accessible: ..." (the static-file handler)
so a candidate name is routed at a level unless that level's miss answer comes back. Candidates (stdin, one a line)
are the words of the binary's strings and all their suffixes (the linker merges a short string into the tail of a
longer one: "data" lives inside "metadata"), and the spec's path names.
Usage: probe_routes.py PORT < candidates ; prints "LEVEL NAME STATUS" for each routed name.
"""
import http.client, sys, threading, queue, urllib.parse

port = int(sys.argv[1])
cands = [l.strip() for l in sys.stdin if l.strip()]
levels = [('v1', '/api/v1/', b'Unsupported v1 API command'), ('api', '/api/', b'Unsupported API version'),
          ('top', '/', b'File does not exist')]
jobs = queue.Queue()
for lv in levels:
    for c in cands:
        jobs.put((lv, c))
out, lock = [], threading.Lock()

def worker():
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    while True:
        try:
            (name, prefix, miss), c = jobs.get_nowait()
        except queue.Empty:
            return
        path = prefix + urllib.parse.quote(c, safe='/._-')
        for attempt in range(3):
            try:
                conn.request('GET', path, headers={'Connection': 'keep-alive', 'User-Agent': 'netdata-lab-routes'})
                r = conn.getresponse()
                body = r.read()
                if r.getheader('Connection', '').lower() == 'close':
                    conn.close()
                break
            except Exception:
                conn.close()
                conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        else:
            print('failed', path, file=sys.stderr)
            continue
        if not (r.status == 404 and body.startswith(miss)):
            with lock:
                out.append((name, c, r.status))

ts = [threading.Thread(target=worker) for _ in range(8)]
for t in ts: t.start()
for t in ts: t.join()
for name, c, st in sorted(out):
    print(name, c, st)
