#!/usr/bin/env bash
# Makes the cluster's test credentials under $RUN (all test data, made fresh for each recording):
# a CA, the API server's and the fake kubelet's serving certificates (openssl), the service-account signing key pair, the static token
# file (--token-auth-file: token,user,uid,"groups"), and kubeconfigs: admin.kubeconfig (jane.admin's token, used by
# the recorded admin `kubectl proxy` and by kube-controller-manager), ci.kubeconfig and dev.kubeconfig (the CI
# bot's and the developer's proxies), anon.kubeconfig (the second recorded proxy,
# through which clients send their own Authorization headers or none). kubectl refuses a kubeconfig user without
# any credential when it has no terminal (it prompts for a username and a password), so anon.kubeconfig names a
# basic-auth user: kube-apiserver has had no basic-auth authenticator since 1.19 and takes a request whose only
# credential is `Authorization: Basic` as system:anonymous (checked: 403 for system:anonymous, as with none); a
# client's own Authorization header is forwarded by the proxy unchanged (client-go's basic and bearer round
# trippers leave a request that already has one alone).
set -euo pipefail
. "$(dirname "$0")/env.sh"
mkdir -p "$PKI"; cd "$PKI"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj "/CN=lab-kubernetes-ca" 2>/dev/null
cat > server.cnf <<CNF
[req]
distinguished_name = dn
[dn]
[ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, IP:10.96.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local
CNF
openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 30 \
  -extfile server.cnf -extensions ext 2>/dev/null
sed 's/^extendedKeyUsage.*/extendedKeyUsage = serverAuth/; s/^subjectAltName.*/subjectAltName = IP:127.0.0.1, DNS:worker-1, DNS:worker-2, DNS:gpu-a100-0/' server.cnf > kubelet.cnf
openssl req -newkey rsa:2048 -nodes -keyout kubelet.key -out kubelet.csr -subj "/CN=kubelet-serving" 2>/dev/null
openssl x509 -req -in kubelet.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out kubelet.crt -days 30 \
  -extfile kubelet.cnf -extensions ext 2>/dev/null
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
cat > "$RUN/tokens.csv" <<TOK
$ADMIN_TOKEN,$ADMIN_USER,1001,"system:masters,platform-admins"
$CI_TOKEN,$CI_USER,2001,"ci,deployers"
$DASH_TOKEN,$DASH_USER,3001,"viewers"
$DEV_TOKEN,$DEV_USER,4001,"ml-team"
TOK
kc() {  # kc FILE USER [TOKEN]
  {
    echo "apiVersion: v1"; echo "kind: Config"
    echo "clusters:"; echo "- name: lab"; echo "  cluster:"
    echo "    server: https://127.0.0.1:$APISERVER_PORT"; echo "    certificate-authority: $PKI/ca.crt"
    echo "users:"; echo "- name: $2"; echo "  user:"
    if [ -n "${3:-}" ]; then echo "    token: $3"; else echo "    username: edge-proxy"; echo "    password: none"; fi
    echo "contexts:"; echo "- name: lab"; echo "  context:"; echo "    cluster: lab"; echo "    user: $2"
    echo "current-context: lab"
  } > "$RUN/$1"
}
kc admin.kubeconfig "$ADMIN_USER" "$ADMIN_TOKEN"
kc ci.kubeconfig "$CI_USER" "$CI_TOKEN"
kc dev.kubeconfig "$DEV_USER" "$DEV_TOKEN"
kc anon.kubeconfig anonymous
echo "pki ok: $PKI"
