#!/usr/bin/env bash
# The REST API as NocoDB's docs show it, with curl: the owner signs up (JWT, xc-auth) and creates API tokens (xc-token);
# then, with the tokens, three bases (crm, inventory, hr) with tables and typed columns through the meta API, records
# created, listed (where/sort/limit), read, updated, counted and deleted through the v2 data API
# (/api/v2/tables/{tableId}/records) and the v1 API that names base and table (/api/v1/db/data/noco/{base}/{table}),
# views (grid, form), filters, sorts, a shared view, column edits; a second user invited to one base.
set -euo pipefail
. "$(dirname "$0")/env.sh"
j() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const o=JSON.parse(s);console.log(eval('o'+process.argv[1]))})" "$1"; }
OWNER=amara.okafor@northwind-crm.test PASS='Lab-Passw0rd!23'
req - POST /api/v1/auth/user/signup "{\"email\":\"$OWNER\",\"password\":\"$PASS\"}" | j .token > $STATE/owner.jwt
req - POST /api/v1/auth/user/signin "{\"email\":\"$OWNER\",\"password\":\"$PASS\"}" | j .token > $STATE/owner.jwt
req jwt:owner GET /api/v1/auth/user/me > /dev/null
req jwt:owner POST /api/v1/tokens '{"description":"etl-nightly"}' | j .token > $STATE/etl.tok
req jwt:owner POST /api/v1/tokens '{"description":"reporting-dashboard"}' | j .token > $STATE/report.tok
req jwt:owner GET /api/v1/tokens > /dev/null
req tok:etl GET /api/v1/health > /dev/null

# bases and tables (meta API v2, as the docs' "Bases" / "Tables" sections)
mkbase() { req tok:etl POST /api/v2/meta/bases "{\"title\":\"$1\"}" | j .id; }
col() { echo "{\"column_name\":\"$1\",\"title\":\"$1\",\"uidt\":\"$2\"}"; }
mktable() { # base table col:type...
  local base=$1 t=$2; shift 2; local cols='{"column_name":"id","title":"Id","uidt":"ID"}'
  for c in "$@"; do cols="$cols${cols:+,}$(col ${c%%:*} ${c#*:})"; done
  req tok:etl POST /api/v2/meta/bases/$base/tables "{\"table_name\":\"$t\",\"title\":\"$t\",\"columns\":[$cols]}" | j .id
}
CRM=$(mkbase crm); INV=$(mkbase inventory); HR=$(mkbase hr)
echo "$CRM $INV $HR" > $STATE/bases
T_CUST=$(mktable $CRM customers name:SingleLineText email:Email phone:PhoneNumber city:SingleLineText)
T_ORD=$(mktable $CRM orders reference:SingleLineText amount:Decimal status:SingleLineText placed_on:Date)
T_DEAL=$(mktable $CRM deals title:SingleLineText stage:SingleLineText value:Currency)
T_PROD=$(mktable $INV products sku:SingleLineText name:SingleLineText price:Decimal stock:Number)
T_WH=$(mktable $INV warehouses code:SingleLineText city:SingleLineText)
T_EMP=$(mktable $HR employees full_name:SingleLineText email:Email department:SingleLineText hired_on:Date)
T_LEAVE=$(mktable $HR leave_requests employee:SingleLineText days:Number reason:LongText)
echo "customers $T_CUST orders $T_ORD deals $T_DEAL products $T_PROD warehouses $T_WH employees $T_EMP leave_requests $T_LEAVE" > $STATE/tables
for b in $CRM $INV $HR; do req tok:report GET /api/v2/meta/bases/$b/tables > /dev/null; req tok:report GET /api/v2/meta/bases/$b > /dev/null; done
req tok:report GET /api/v2/meta/bases > /dev/null
for t in $T_CUST $T_ORD $T_PROD $T_EMP; do req tok:report GET /api/v2/meta/tables/$t > /dev/null; req tok:report GET /api/v2/meta/tables/$t/views > /dev/null; done

# records, v2 data API
rows() { req tok:etl POST /api/v2/tables/$1/records "$2" > /dev/null; }
rows $T_CUST '[{"name":"Kaya Textiles","email":"orders@kaya-textiles.test","phone":"+90 212 555 0101","city":"Istanbul"},{"name":"Lindgren Bikes","email":"info@lindgren-bikes.test","phone":"+46 8 555 0142","city":"Stockholm"},{"name":"Okonkwo Foods","email":"buy@okonkwo-foods.test","phone":"+234 1 555 0199","city":"Lagos"}]'
for c in "Maple Leaf Hardware:Toronto" "Sakura Tea House:Kyoto" "Blue Fjord Seafood:Bergen" "Casa Verde Plants:Lisbon"; do
  rows $T_CUST "{\"name\":\"${c%%:*}\",\"city\":\"${c#*:}\"}"
done
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do rows $T_ORD "{\"reference\":\"SO-10$((40+i))\",\"amount\":$((i*37)).50,\"status\":\"open\",\"placed_on\":\"2026-11-$((10+i))\"}"; done
rows $T_DEAL '[{"title":"Kaya spring collection","stage":"proposal","value":12000},{"title":"Lindgren fleet renewal","stage":"negotiation","value":48000}]'
for p in "BK-100:City bike:499:14" "BK-220:Gravel bike:1290:6" "HL-001:Helmet:59.9:120" "LK-310:U-lock:34.5:80" "TB-700:Inner tube:7.25:400"; do
  IFS=: read s n pr st <<< "$p"; rows $T_PROD "{\"sku\":\"$s\",\"name\":\"$n\",\"price\":$pr,\"stock\":$st}"
done
rows $T_WH '[{"code":"WH-STO","city":"Stockholm"},{"code":"WH-GOT","city":"Gothenburg"}]'
for e in "Grace Mensah:Operations:2021-03-01" "Tomas Novak:Finance:2019-07-15" "Priya Raman:Engineering:2022-01-10" "Lucas Ferreira:Sales:2020-09-21"; do
  IFS=: read n d h <<< "$e"; rows $T_EMP "{\"full_name\":\"$n\",\"department\":\"$d\",\"hired_on\":\"$h\"}"
done
rows $T_LEAVE '{"employee":"Grace Mensah","days":5,"reason":"Family visit"}'
for t in $T_CUST $T_ORD $T_DEAL $T_PROD $T_WH $T_EMP $T_LEAVE; do
  req tok:report GET "/api/v2/tables/$t/records?limit=25" > /dev/null
  req tok:report GET /api/v2/tables/$t/records/count > /dev/null
done
req tok:report GET "/api/v2/tables/$T_CUST/records?where=(city,eq,Stockholm)" > /dev/null
req tok:report GET "/api/v2/tables/$T_ORD/records?sort=-amount&limit=5" > /dev/null
req tok:report GET "/api/v2/tables/$T_PROD/records?where=(stock,lt,20)&fields=sku,name,stock" > /dev/null
req tok:report GET "/api/v2/tables/$T_EMP/records?where=(department,eq,Finance)" > /dev/null
for id in 1 2 3 5; do req tok:report GET /api/v2/tables/$T_CUST/records/$id > /dev/null; done
for id in 2 4 7 9; do req tok:report GET /api/v2/tables/$T_ORD/records/$id > /dev/null; done
for id in 1 3; do req tok:report GET /api/v2/tables/$T_PROD/records/$id > /dev/null; req tok:report GET /api/v2/tables/$T_EMP/records/$id > /dev/null; done
req tok:report GET /api/v2/tables/$T_ORD/records/999 > /dev/null || true
req tok:etl PATCH /api/v2/tables/$T_ORD/records '[{"Id":2,"status":"shipped"},{"Id":4,"status":"shipped"}]' > /dev/null
req tok:etl PATCH /api/v2/tables/$T_PROD/records '{"Id":3,"stock":95}' > /dev/null
req tok:etl PATCH /api/v2/tables/$T_EMP/records '{"Id":2,"department":"Finance & Controlling"}' > /dev/null
req tok:etl DELETE /api/v2/tables/$T_ORD/records '[{"Id":12}]' > /dev/null
req tok:etl DELETE /api/v2/tables/$T_CUST/records '{"Id":7}' > /dev/null

# v1 data API by base and table name (the "noco" org), as older integrations call it
for t in customers orders deals; do
  req tok:report GET "/api/v1/db/data/noco/$CRM/$t?limit=10" > /dev/null
  req tok:report GET /api/v1/db/data/noco/$CRM/$t/count > /dev/null
done
for t in products warehouses; do req tok:report GET /api/v1/db/data/noco/$INV/$t > /dev/null; done
for t in employees leave_requests; do req tok:report GET /api/v1/db/data/noco/$HR/$t > /dev/null; done
req tok:etl POST /api/v1/db/data/noco/$CRM/customers '{"name":"Nordlys Optics","city":"Oslo"}' > /dev/null
req tok:etl POST /api/v1/db/data/noco/$INV/products '{"sku":"PM-050","name":"Floor pump","price":39,"stock":55}' > /dev/null
req tok:etl POST /api/v1/db/data/noco/$HR/employees '{"full_name":"Hana Kobayashi","department":"Engineering","hired_on":"2026-12-01"}' > /dev/null
for id in 1 2 4; do req tok:report GET /api/v1/db/data/noco/$CRM/customers/$id > /dev/null; done
req tok:report GET /api/v1/db/data/noco/$INV/products/2 > /dev/null
req tok:report GET /api/v1/db/data/noco/$HR/employees/3 > /dev/null
req tok:report GET /api/v1/db/data/noco/$CRM/orders/5/exist > /dev/null
req tok:etl PATCH /api/v1/db/data/noco/$CRM/orders/5 '{"status":"cancelled"}' > /dev/null
req tok:etl PATCH /api/v1/db/data/noco/$INV/products/5 '{"stock":380}' > /dev/null
req tok:etl PATCH /api/v1/db/data/noco/$HR/leave_requests/1 '{"days":4}' > /dev/null
req tok:etl DELETE /api/v1/db/data/noco/$CRM/deals/1 > /dev/null
req tok:etl DELETE /api/v1/db/data/noco/$INV/warehouses/2 > /dev/null
req tok:report GET "/api/v1/db/data/noco/$CRM/customers/find-one?where=(name,eq,Kaya%20Textiles)" > /dev/null
req tok:report GET /api/v1/db/data/noco/$CRM/no_such_table > /dev/null

# meta: columns, views, filters, sorts, a shared view, v1 meta paths
req tok:etl POST /api/v2/meta/tables/$T_CUST/columns "$(col segment SingleLineText)" > /dev/null
req tok:etl POST /api/v2/meta/tables/$T_EMP/columns "$(col manager SingleLineText)" > /dev/null
for t in $T_CUST $T_EMP; do req tok:report GET /api/v1/db/meta/tables/$t > /dev/null; done
for t in $T_ORD $T_PROD; do
  VIEW=$(req tok:report GET /api/v2/meta/tables/$t/views | j '.list[0].id')
  COLS=$(req tok:report GET /api/v2/meta/tables/$t | j '.columns.map(c=>c.id+":"+c.title).join(" ")')
  C1=$(for c in $COLS; do case $c in *:status|*:stock) echo ${c%%:*};; esac; done | head -1)
  C2=$(for c in $COLS; do case $c in *:amount|*:price) echo ${c%%:*};; esac; done | head -1)
  req tok:etl POST /api/v2/meta/views/$VIEW/filters "{\"fk_column_id\":\"$C1\",\"comparison_op\":\"neq\",\"value\":\"cancelled\"}" > /dev/null
  req tok:etl POST /api/v2/meta/views/$VIEW/sorts "{\"fk_column_id\":\"$C2\",\"direction\":\"desc\"}" > /dev/null
  req tok:report GET /api/v2/meta/views/$VIEW/filters > /dev/null
  req tok:report GET /api/v2/meta/views/$VIEW/sorts > /dev/null
  req tok:report GET /api/v2/meta/views/$VIEW/columns > /dev/null
  req tok:report GET /api/v1/db/meta/views/$VIEW/filters > /dev/null
  GRID=$(req tok:etl POST /api/v2/meta/tables/$t/grids '{"title":"Open items"}' | j .id)
  req tok:etl POST /api/v2/meta/tables/$t/forms '{"title":"Intake form"}' > /dev/null
  req tok:etl PATCH /api/v2/meta/views/$GRID '{"title":"Open items (team)"}' > /dev/null
  req tok:etl DELETE /api/v2/meta/views/$GRID > /dev/null
  req tok:etl POST /api/v2/meta/views/$VIEW/share | j .uuid >> $STATE/shared
done
req tok:report GET /api/v1/db/meta/projects/ > /dev/null
for b in $CRM $INV $HR; do req tok:report GET /api/v1/db/meta/projects/$b/tables > /dev/null; done
req tok:report GET /api/v1/db/meta/projects/$CRM/users > /dev/null
req jwt:owner POST /api/v1/db/meta/projects/$CRM/users '{"email":"tomas.novak@northwind-crm.test","roles":"editor"}' > /dev/null
req jwt:owner GET /api/v1/users > /dev/null
# a throwaway table and base, then removed
TMP=$(mktable $INV stock_moves sku:SingleLineText qty:Number)
req tok:etl PATCH /api/v2/meta/tables/$TMP '{"table_name":"stock_movements","title":"stock_movements"}' > /dev/null
req tok:etl DELETE /api/v2/meta/tables/$TMP > /dev/null
TB=$(mkbase scratchpad)
req tok:etl PATCH /api/v2/meta/bases/$TB '{"title":"scratchpad-2026"}' > /dev/null
req tok:etl DELETE /api/v2/meta/bases/$TB > /dev/null
