#!/usr/bin/env bash
# Admin API with curl, as in https://www.ory.sh/docs/kratos/manage-identities/ and the admin API reference.
set -u
. "$(dirname "$0")/common.sh"
ST=${ST:-/tmp/shadowtap-lab/kratos/state}
AJ() { J "$@" -H 'Content-Type: application/json'; }

J "$ADM/admin/health/alive" >/dev/null
J "$ADM/admin/health/ready" >/dev/null
J "$ADM/admin/version" >/dev/null
J "$ADM/admin/schemas" >/dev/null
J "$ADM/admin/schemas/default" >/dev/null
J "$ADM/admin/schemas/customer" >/dev/null
J "$ADM/admin/schemas/employee" >/dev/null                       # 404

# customers created by the back office (schema "customer", with a password and metadata)
CUST=("jonas.berg@northwind.example Jonas Berg Northwind" "keiko.sato@contoso.example Keiko Sato Contoso"
      "luis.ortega@northwind.example Luis Ortega Northwind" "maya.patel@fabrikam.example Maya Patel Fabrikam"
      "noah.fischer@contoso.example Noah Fischer Contoso" "olivia.brown@fabrikam.example Olivia Brown Fabrikam")
: > "$ST/customers.ids"
for c in "${CUST[@]}"; do
  set -- $c
  AJ -X POST "$ADM/admin/identities" -d "{\"schema_id\":\"customer\",\"traits\":{\"email\":\"$1\",\"name\":{\"first\":\"$2\",\"last\":\"$3\"},\"company\":\"$4\"},\"credentials\":{\"password\":{\"config\":{\"password\":\"Welcome-$4-2024!\"}}},\"metadata_public\":{\"plan\":\"business\"},\"metadata_admin\":{\"crm_account\":\"$4\"},\"verifiable_addresses\":[{\"value\":\"$1\",\"verified\":true,\"via\":\"email\",\"status\":\"completed\"}]}" \
    | jq -r '.id // empty' >> "$ST/customers.ids"
done
AJ -X POST "$ADM/admin/identities" -d '{"schema_id":"customer","traits":{"email":"jonas.berg@northwind.example"}}' >/dev/null   # 409 duplicate
AJ -X POST "$ADM/admin/identities" -d '{"schema_id":"customer","traits":{"email":"not-an-email"}}' >/dev/null                 # 400
AJ -X POST "$ADM/admin/identities" -d '{"schema_id":"nope","traits":{}}' >/dev/null                                          # 400

# batch create (PATCH /admin/identities)
AJ -X PATCH "$ADM/admin/identities" -d '{"identities":[
 {"create":{"schema_id":"default","traits":{"email":"paula.rossi@example.com","name":{"first":"Paula","last":"Rossi"}}}},
 {"create":{"schema_id":"default","traits":{"email":"quentin.leroy@example.com","name":{"first":"Quentin","last":"Leroy"}}}},
 {"create":{"schema_id":"default","traits":{"email":"rania.aziz@example.com","name":{"first":"Rania","last":"Aziz"}}}}]}' >/dev/null

# listing with the documented query parameters
for q in "" "?page_size=5" "?page_size=2" "?credentials_identifier=alice.nguyen@example.org" "?credentials_identifier=keiko.sato@contoso.example" \
         "?preview_credentials_identifier_similar=example" "?consistency=strong" "?page_size=250&include_credential=password" "?ids=$(sed -n 1p "$ST/customers.ids")&ids=$(sed -n 2p "$ST/customers.ids")"; do
  J "$ADM/admin/identities$q" >/dev/null
done
# follow pagination (Link header page_token)
next="$ADM/admin/identities?page_size=4"
for i in 1 2 3 4 5; do
  h=$(J -D - -o /dev/null "$next")
  tok=$(sed -n 's/.*page_token=\([^&>]*\)[^>]*>; rel="next".*/\1/p' <<<"$h" | head -1)
  [ -z "$tok" ] && break
  next="$ADM/admin/identities?page_size=4&page_token=$tok"
done

# read, update, patch each customer; sessions of each self-service user
while read -r id; do
  [ -z "$id" ] && continue
  ident=$(J "$ADM/admin/identities/$id")
  J "$ADM/admin/identities/$id?include_credential=password" >/dev/null
  traits=$(jq -c .traits <<<"$ident")
  AJ -X PUT "$ADM/admin/identities/$id" -d "{\"schema_id\":\"customer\",\"state\":\"active\",\"traits\":$traits,\"metadata_public\":{\"plan\":\"enterprise\"}}" >/dev/null
  AJ -X PATCH "$ADM/admin/identities/$id" -d '[{"op":"replace","path":"/metadata_admin","value":{"tier":"gold","reviewed":true}}]' >/dev/null
  J "$ADM/admin/identities/$id/sessions" >/dev/null
done < "$ST/customers.ids"
for f in Alice Bob Carmen Dmitri Emma Farid; do
  id=$(cat "$ST/$f.id")
  J "$ADM/admin/identities/$id" >/dev/null
  J "$ADM/admin/identities/$id/sessions" >/dev/null
  J "$ADM/admin/identities/$id/sessions?active=true" >/dev/null
  J "$ADM/admin/identities/$id?include_credential=oidc" >/dev/null
done

# sessions admin: list, get with expand, extend, revoke
J "$ADM/admin/sessions" >/dev/null
J "$ADM/admin/sessions?page_size=5&active=true" >/dev/null
sess=$(J "$ADM/admin/sessions?page_size=20&expand=identity")
for sid in $(jq -r '.[].id' <<<"$sess" | head -8); do
  J "$ADM/admin/sessions/$sid" >/dev/null
  J "$ADM/admin/sessions/$sid?expand=identity&expand=devices" >/dev/null
  J -X PATCH "$ADM/admin/sessions/$sid/extend" >/dev/null
done
for sid in $(jq -r '.[].id' <<<"$sess" | sed -n 9,10p); do C -X DELETE "$ADM/admin/sessions/$sid" -o /dev/null; done
C -X DELETE "$ADM/admin/identities/$(cat "$ST/Farid.id")/sessions" -o /dev/null

# account recovery initiated by an admin (code and link), then the courier queue
for f in Bob Dmitri Emma; do
  AJ -X POST "$ADM/admin/recovery/code" -d "{\"identity_id\":\"$(cat "$ST/$f.id")\",\"expires_in\":\"1h\"}" >/dev/null
done
AJ -X POST "$ADM/admin/recovery/link" -d "{\"identity_id\":\"$(cat "$ST/Carmen.id")\"}" >/dev/null
AJ -X POST "$ADM/admin/recovery/code" -d '{"identity_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}' >/dev/null   # 404
msgs=$(J "$ADM/admin/courier/messages")
J "$ADM/admin/courier/messages?status=queued&page_size=10" >/dev/null
J "$ADM/admin/courier/messages?recipient=bob.okafor@example.org" >/dev/null
for mid in $(jq -r '.[].id' <<<"$msgs" | head -6); do J "$ADM/admin/courier/messages/$mid" >/dev/null; done
J "$ADM/admin/courier/messages/0b7d3e1f-5a2c-4d8e-9f60-1c2b3a4d5e6f" >/dev/null        # 404

# missing objects on real admin routes -> 404, malformed ids -> 400/404
for id in 7c9e6679-7425-40de-944b-e07fc1f90ae7 e4d909c2-90d0-4c7a-8a2f-1d3e5b7c9a0b; do
  J "$ADM/admin/identities/$id" >/dev/null
  J "$ADM/admin/sessions/$id" >/dev/null
  C -X DELETE "$ADM/admin/identities/$id" -o /dev/null
  J -X PATCH "$ADM/admin/sessions/$id/extend" >/dev/null
done
J "$ADM/admin/identities/not-a-uuid" >/dev/null

# remove the totp / lookup credentials Farid never set -> 404, then delete two customers
C -X DELETE "$ADM/admin/identities/$(cat "$ST/Farid.id")/credentials/totp" -o /dev/null
C -X DELETE "$ADM/admin/identities/$(cat "$ST/Farid.id")/credentials/lookup_secret" -o /dev/null
for id in $(tail -2 "$ST/customers.ids"); do
  C -X DELETE "$ADM/admin/identities/$id" -o /dev/null
  J "$ADM/admin/identities/$id" >/dev/null    # 404 afterwards
done

# health/config and Prometheus metrics (monitoring scrapes)
J "$ADM/admin/health/config" >/dev/null
for i in 1 2 3; do C "$ADM/admin/metrics/prometheus" -o /dev/null; J "$ADM/admin/health/ready" >/dev/null; done

# legacy admin URLs on the public port answer with a redirect to the admin API
C -o /dev/null "$PUB/identities"
C -o /dev/null "$PUB/admin/identities"
C -o /dev/null "$PUB/schemas/default"
