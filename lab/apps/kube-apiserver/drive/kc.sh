# Helpers sourced by the kubectl scripts. kubectl talks to the recorded proxies over plain HTTP:
#   ka  = the platform admin (jane.admin) through the admin proxy on $PORT (the proxy adds her token)
#   kci = the CI bot through its own proxy on $CI_PORT (its token in the proxy's kubeconfig)
#   kdev= a developer (chidi.okafor) through his own proxy on $DEV_PORT
#   kanon = kubectl without credentials through the credential-less proxy on $ANON_PORT
# (kubectl sends no bearer token to a plain-HTTP server, so `--token` through the credential-less proxy would
# arrive as system:anonymous: each user has a proxy.)
# Every call is logged to $STATE/calls.log with its exit code. Discovery and OpenAPI caches are warmed by record.sh
# before tcpdump starts (--cache-dir $L/kube-cache).
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
KC_OPTS=(--cache-dir "$L/kube-cache" --kubeconfig "$RUN/client.kubeconfig")
_log() { local rc=$1; shift; echo "rc=$rc $*" >> "$STATE/calls.log"; }
ka()   { kubectl "${KC_OPTS[@]}" --server "$BASE" "$@" >> "$STATE/kubectl.out" 2>&1; local rc=$?; _log $rc "admin kubectl $*"; return 0; }
kao()  { kubectl "${KC_OPTS[@]}" --server "$BASE" "$@" 2>> "$STATE/kubectl.out"; local rc=$?; _log $rc "admin kubectl $*"; return 0; }
kci()  { kubectl "${KC_OPTS[@]}" --server "$CIURL" "$@" >> "$STATE/kubectl.out" 2>&1; local rc=$?; _log $rc "ci kubectl $*"; return 0; }
kdev() { kubectl "${KC_OPTS[@]}" --server "$DEVURL" "$@" >> "$STATE/kubectl.out" 2>&1; local rc=$?; _log $rc "dev kubectl $*"; return 0; }
kanon(){ kubectl "${KC_OPTS[@]}" --server "$ANON" "$@" >> "$STATE/kubectl.out" 2>&1; local rc=$?; _log $rc "anon kubectl $*"; return 0; }
