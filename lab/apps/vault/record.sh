#!/usr/bin/env bash
# Records HashiCorp Vault v1.14.8 (a real server, not -dev: file storage, listener 127.0.0.1:18200 with tls_disable)
# from its first start: the operator's `vault operator init` / `unseal` with the CLI, the platform team's setup
# (audit device, KV v2 and v1, transit, PKI, userpass, approle, ACL policies), teams at work with the CLI, CI jobs
# and services on AppRole with curl, tokens, identity, sys endpoints as the API docs show, calls without or with bad
# tokens, a kubelet-style health probe, Prometheus scrapes, scanner probes. After the capture has stopped the same
# server's OpenAPI document is saved as openapi.json. Fresh storage each run. Writes capture.pcap.zst next to this.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/drive/env.sh"
bash "$HERE/setup.sh"
for p in $PORT $((PORT+1)); do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use" >&2; exit 1; fi
done
rm -rf "$STATE" "$L/capture.pcap" "$HOME"; mkdir -p "$STATE/data" "$HOME"
sed "s|@STATE@|$STATE|g" "$HERE/drive/vault.hcl.in" > "$STATE/vault.hcl"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

tcpdump -i lo -s 0 -B 131072 -U -w "$L/capture.pcap" "tcp port $PORT" >"$L/tcpdump.log" 2>&1 &
TD=$!; echo $TD > "$L/tcpdump.pid"; PIDS+=($TD)
sleep 2
"$VAULT_BIN" server -config="$STATE/vault.hcl" >"$L/vault.log" 2>&1 &
SRV=$!; PIDS+=($SRV); echo $SRV > "$L/vault.pid"
# the kubelet's startup probe until the listener answers (501: not initialised)
for i in $(seq 1 60); do
  c=$(curl -s -A kube-probe/1.29 -o /dev/null -w '%{http_code}' "$BASE/v1/sys/health?uninitcode=200&sealedcode=200" || true)
  [ "$c" = 200 ] && break; sleep 0.5
done
# the kubelet's liveness probe every 4 s for the whole run (a new connection each); 503/501 while sealed
( while :; do curl -s -A kube-probe/1.29 -o /dev/null "$BASE/v1/sys/health?standbyok=true"; sleep 4; done ) &
KP=$!; PIDS+=($KP)

echo "== bootstrap"; bash "$HERE/drive/bootstrap.sh"
echo "== platform";  bash "$HERE/drive/platform.sh" || echo "(platform: exit $?)"
# Prometheus scrapes every 15 s with its token, as Vault's telemetry docs configure it
( while :; do curl -s -A Prometheus/2.53.0 -H "Authorization: Bearer $(cat "$STATE/prom-token")" -o /dev/null \
    "$BASE/v1/sys/metrics?format=prometheus"; sleep 15; done ) &
PS=$!; PIDS+=($PS)
echo "== engines";   bash "$HERE/drive/engines.sh" || echo "(engines: exit $?)"
echo "== teams";     bash "$HERE/drive/teams.sh" || echo "(teams: exit $?)"
echo "== machines";  bash "$HERE/drive/machines.sh" || echo "(machines: exit $?)"
echo "== ops";       bash "$HERE/drive/ops.sh" || echo "(ops: exit $?)"
echo "== probes";    bash "$HERE/drive/probes.sh" || echo "(probes: exit $?)"
sleep 2
kill $KP $PS; wait $KP $PS 2>/dev/null || true
sleep 1
kill -INT $TD; wait $TD || true
# the spec, from the same server and the same mounts, after the capture (as the authors' scripts/gen_openapi.sh
# does, with the mounts' real paths: no generic_mount_paths)
curl -sS -H "X-Vault-Token: $(cat "$STATE/root-token")" "$BASE/v1/sys/internal/specs/openapi" > "$L/openapi.json"
# both kept zstd-compressed (the lab's 40 MB budget); zstd -d gives the exact bytes back
python3 "$HERE/drive/lab-spec.py" "$L/openapi.json" "$L/openapi.lab.json"
zstd -19 -q -f -o "$HERE/openapi.json.zst" "$L/openapi.json"
zstd -19 -q -f -o "$HERE/openapi.lab.json.zst" "$L/openapi.lab.json"
kill -INT $SRV || true; for i in $(seq 1 50); do kill -0 $SRV 2>/dev/null || break; sleep 0.2; done
kill $SRV 2>/dev/null || true; wait $SRV || true
cleanup; trap - EXIT
zstd -19 -q -f -o "$HERE/capture.pcap.zst" "$L/capture.pcap"
ls -la "$HERE/capture.pcap.zst" "$HERE/openapi.json.zst"
