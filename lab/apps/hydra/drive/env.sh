# common settings for the hydra lab (sourced by record.sh and the drivers)
LAB=/tmp/shadowtap-lab/hydra
HYDRA=$LAB/bin/hydra
SDK_DIR=$LAB/node
PUB=http://127.0.0.1:19444
ADM=http://127.0.0.1:19445
LC=http://127.0.0.1:19446
export SDK_DIR
# hydra_exec: exec hydra with the lab configuration; call it only in the background (`hydra_exec ... &`) so the
# subshell is replaced by hydra and $! is the hydra PID.
hydra_exec() {
  exec env DSN=memory \
    SERVE_PUBLIC_HOST=127.0.0.1 SERVE_PUBLIC_PORT=19444 \
    SERVE_ADMIN_HOST=127.0.0.1 SERVE_ADMIN_PORT=19445 \
    URLS_SELF_ISSUER=$PUB URLS_SELF_PUBLIC=$PUB/ \
    URLS_LOGIN=$LC/login URLS_CONSENT=$LC/consent URLS_LOGOUT=$LC/logout \
    URLS_POST_LOGOUT_REDIRECT=$LC/logged-out \
    SECRETS_SYSTEM=lab-system-secret-0123456789abcdef \
    OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED=true \
    OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES=public \
    SQA_OPT_OUT=true LOG_LEVEL=info LOG_LEAK_SENSITIVE_VALUES=false \
    "$@"
}
