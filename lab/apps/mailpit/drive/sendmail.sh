#!/usr/bin/env bash
# Mail from the servers' cron jobs and scripts, through Mailpit's own sendmail replacement (`mailpit sendmail`,
# SMTP to 127.0.0.1:$SMTP_PORT; not recorded): logrotate/cron reports, a backup job, a deploy hook, a PHP app's mail().
set -euo pipefail
. "$(dirname "$0")/env.sh"
SM=("$L/bin/mailpit" sendmail -S 127.0.0.1:$SMTP_PORT)
n=0
for host in app01 app02 db01; do
  "${SM[@]}" -f "root@$host.brightcart.internal" ops@brightcart.dev <<MAIL
From: Cron Daemon <root@$host.brightcart.internal>
To: ops@brightcart.dev
Subject: Cron <root@$host> /usr/local/bin/rotate-logs.sh
X-Tags: cron

rotated 14 files in /var/log/brightcart on $host
freed 812M
MAIL
  n=$((n+1))
done
for day in 05 06 07; do
  "${SM[@]}" -f backup@db01.brightcart.internal ops@brightcart.dev dana.whitfield@brightcart.dev <<MAIL
From: pg-backup <backup@db01.brightcart.internal>
To: ops@brightcart.dev, dana.whitfield@brightcart.dev
Subject: [backup] brightcart_prod 2026-12-$day OK (4.2 GB, 6m12s)
X-Tags: backup, cron

pg_dump brightcart_prod -> s3://brightcart-backups/2026-12-$day/brightcart_prod.dump
checksum sha256 ok
MAIL
  n=$((n+1))
done
"${SM[@]}" -t -i -f deploy@ci.brightcart.dev <<MAIL
From: Deploy Bot <deploy@ci.brightcart.dev>
To: eng@brightcart.dev
Subject: Deployed checkout-api v3.18.2 to production
X-Tags: deploys

checkout-api v3.18.2 (commit 9f2c1ab) deployed by marco.rossi at 11:42 UTC.
Changes: retry payment capture on 502; new shipping zones NO/IS.
MAIL
n=$((n+1))
"${SM[@]}" -f www-data@web01.brightcart.internal "tomasz.k+contact@brightcart.dev" <<MAIL
From: Contact form <www-data@web01.brightcart.internal>
To: tomasz.k+contact@brightcart.dev
Subject: Contact form: question about tent sizes
Content-Type: text/plain; charset=utf-8

Name: Ingrid Solberg
E-mail: ingrid.solberg@nett.test
Message: Does the Ultralight Tent 2P fit two 190 cm people?
MAIL
n=$((n+1))
echo "sendmail: sent $n messages"
