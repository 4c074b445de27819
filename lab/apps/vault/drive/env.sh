# Shared settings of the Vault recording (sourced by record.sh, routes.sh and the drive scripts).
L=/tmp/shadowtap-lab/vault
PORT=18200                       # Vault's API listener (recorded); 18201 is its cluster port (TLS, unused, not recorded)
BASE=http://127.0.0.1:$PORT
VAULT_BIN=$L/bin/vault
STATE=$L/state                   # storage, audit log, init keys, tokens handed between the scripts
VAULT_ADDR=$BASE
VAULT_FORMAT=table
# the CLI must not read a token helper file or ~/.vault-token from the host
HOME=$L/home
PATH=$L/bin:$PATH
export L PORT BASE VAULT_BIN STATE VAULT_ADDR VAULT_FORMAT HOME PATH
# the people and machines of the recording
USERS="priya.sharma:Monsoon-Ledger-81 jonas.becker:kiefer+Harbour22 mei.tanaka:Sakura.Diff.7 diego.alvarez:olivos-Pinto-64 olu.adeyemi:Lagos-Bridge-303 grace.obrien:Cliffs0fMoher!"
export USERS
