# Shared settings of the Mailpit recording (sourced by record.sh and the drive scripts).
L=/tmp/shadowtap-lab/mailpit
HTTP_PORT=18125            # web UI + REST API (recorded)
SMTP_PORT=11125            # SMTP in (not recorded)
POP3_PORT=11110            # POP3 (bound to loopback, unused)
UP_HTTP_PORT=18126         # the "upstream" relay Mailpit's UI (not recorded, not used)
UP_SMTP_PORT=11126         # the "upstream" SMTP server releases go to (not recorded)
LINK_PORT=18190            # a local web server the link checker follows (not recorded)
BASE=http://127.0.0.1:$HTTP_PORT
STATE=$L/state
# web UI / API users (basic auth, --ui-auth-file); the send API has its own user (--send-api-auth-file)
UI_USERS="priya.nair:Tide-Pool-42 marco.rossi:fennel&juniper qa-bot:qa-bot-7f3a91c2"
SEND_USER=deploy-ci
SEND_PASS=ship-it-2026
export L HTTP_PORT SMTP_PORT POP3_PORT UP_HTTP_PORT UP_SMTP_PORT LINK_PORT BASE STATE UI_USERS SEND_USER SEND_PASS
