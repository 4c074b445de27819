# shared settings for the GoToSocial lab scripts
export L=/tmp/shadowtap-lab/gotosocial
export STATE=$L/state
export HTTP_PORT=18480
export HOST="localhost:$HTTP_PORT"
export BASE="http://127.0.0.1:$HTTP_PORT"
export PUB="http://localhost:$HTTP_PORT"
export GTS=$L/bin/gotosocial
export GTS_CONFIG=$STATE/config.yaml
export METRICS_USER=prometheus METRICS_PASS=scrape-7Qk2vX
# users: name:email:password (the first is the admin)
export USERS="ingrid_halvorsen:ingrid@fjordlight.social:Fjord-Lantern-2026! \
mateo_ruiz:mateo_ruiz@fjordlight.social:Paella-Sunrise-88 \
amara_okafor:amara@fjordlight.social:Okra-Highlife-451 \
kenji_watanabe:kenji.w@fjordlight.social:Tsukimi-Ramen-19 \
leafpress:editors@leafpress.example:Leaf-Press-Editorial-7 \
noor_haddad:noor.haddad@fjordlight.social:Cedar-Moonlit-303"
