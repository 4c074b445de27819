// Headless-chromium session on the Temporal web UI (SvelteKit SPA served by the UI server embedded in the dev server;
// it calls the HTTP API on its own port, /api/v1/..., through the UI server's grpc-gateway proxy, with its CSRF
// cookie and header). The UI server sends its bundles without any caching header (no Last-Modified, ETag or
// Cache-Control: http.FileServer over an embed.FS), so every page load fetches the ~150 chunks again: the session
// loads the UI twice only (the namespaces page at the start, a pasted deep link to a workflow at the end) and moves
// in between by clicking links (client-side navigation, as a person does): three people's tasks one after the other
// in one tab (finance ops, support, growth), over namespaces, workflow lists, workflows' histories and tabs,
// schedules, task queues, the namespace's page, Nexus endpoints, batch operations, workers. It downloads a workflow's
// raw history JSON (the UI server's history.json route), requests cancellation of an order and pauses a schedule
// through the UI's buttons. The UI's pages auto-refresh while open. Only 127.0.0.1 is contacted (see the launch flags).
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const BASE = process.env.UI || 'http://127.0.0.1:18233';
const STATE = process.env.STATE || '/tmp/shadowtap-lab/temporal/state';
const log = (...a) => console.log('[browser]', ...a);
const runs = {};
try {
  for (const l of fs.readFileSync(path.join(STATE, 'runs'), 'utf8').trim().split('\n')) {
    const [ns, id, run] = l.split(' '); if (run) runs[ns + '/' + id] = run;
  }
} catch {}
let nexusId = '';
try { nexusId = fs.readFileSync(path.join(STATE, 'nexus-endpoint'), 'utf8').trim(); } catch {}
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  let total = 0;
  const byPath = {};
  ctx.on('request', (r) => {
    if (!r.url().startsWith(BASE)) return;
    total++;
    const k = r.method() + ' ' + new URL(r.url()).pathname.replace(/\/_app\/immutable\/.*/, '/_app/immutable/...');
    byPath[k] = (byPath[k] || 0) + 1;
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const here = () => new URL(page.url()).pathname;
  // the pages auto-refresh, so the network is rarely idle: wait a little, then a fixed pause
  const settle = async (ms = 1200) => { try { await page.waitForLoadState('networkidle', { timeout: 2500 }); } catch {} await page.waitForTimeout(ms); };
  // a full page load (only on pages whose path is no path of the HTTP API)
  const load = async (who, p) => {
    const r = await page.goto(BASE + p, { waitUntil: 'domcontentloaded' }).catch((e) => ({ status: () => 'ERR ' + e.message.split('\n')[0] }));
    await settle(2000); log(who, 'load', p, r && r.status(), '->', here());
  };
  // follow a link of the page when there is one (sel, or a[href=p]), else the same link from the app's navigation
  const nav = async (who, p, sel) => {
    try {
      const loc = page.locator(sel || `a[href="${p}"]`).first();
      await loc.waitFor({ state: 'visible', timeout: sel ? 5000 : 1500 });
      await loc.click(); await settle(); log(who, 'click', p, '->', here()); return;
    } catch {}
    for (let i = 0; i < 3; i++) {
      await page.evaluate((href) => { const a = document.createElement('a'); a.href = href; document.body.appendChild(a); a.click(); a.remove(); }, p);
      await settle();
      if (here() !== '/namespaces' || p === '/namespaces') break;
    }
    log(who, 'nav', p, '->', here());
  };
  const act = async (who, what, f) => { try { await f(); await settle(); log(who, 'ok', what); } catch (e) { log(who, 'FAIL', what, e.message.split('\n')[0]); } };
  const wf = (ns, id) => `/namespaces/${ns}/workflows/${id}/${runs[ns + '/' + id] || ''}`;

  let who = 'ines (finance ops)';
  await load(who, '/namespaces');
  await nav(who, '/namespaces/finance-billing/workflows');
  await nav(who, wf('finance-billing', 'invoice-kim-2026-11') + '/history', `a[href*="/workflows/invoice-kim-2026-11/"]`);
  await nav(who, wf('finance-billing', 'invoice-kim-2026-11') + '/history');
  await nav(who, wf('finance-billing', 'invoice-kim-2026-11') + '/workers');
  await nav(who, '/namespaces/finance-billing/workflows');
  await nav(who, wf('finance-billing', 'invoice-lindqvist-2026-11') + '/history', `a[href*="/workflows/invoice-lindqvist-2026-11/"]`);
  const r = runs['finance-billing/invoice-lindqvist-2026-11'];
  if (r) {
    // the Download button's raw history (the UI server's own route)
    const st = await page.evaluate(async (u) => (await fetch(u)).status, `/api/v1/namespaces/finance-billing/workflows/invoice-lindqvist-2026-11/run/${r}/history.json`);
    log(who, 'history.json', st);
  }
  await nav(who, '/namespaces/finance-billing/schedules');
  await nav(who, '/namespaces/finance-billing/schedules/monthly-invoices');
  await nav(who, '/namespaces/finance-billing/schedules');
  await nav(who, '/namespaces/finance-billing/schedules/dunning-reminders');
  await act(who, 'pause dunning-reminders', async () => {
    await page.getByRole('button', { name: 'Pause', exact: true }).first().click();
    await page.locator('dialog[open] input, dialog[open] textarea').first().fill('paused while the payment provider is migrated');
    await page.locator('dialog[open] button:has-text("Pause")').first().click();
  });
  await nav(who, '/namespaces/finance-billing/task-queues/billing-invoices');
  await nav(who, '/namespaces/finance-billing');

  who = 'maria (support)';
  await nav(who, '/namespaces/ecommerce-prod/workflows');
  for (const id of ['order-20393', 'order-20395', 'order-20392']) {
    await nav(who, wf('ecommerce-prod', id) + '/history', `a[href*="/workflows/${id}/"]`);
    await nav(who, '/namespaces/ecommerce-prod/workflows');
  }
  const o = wf('ecommerce-prod', 'order-20394');
  await nav(who, o + '/history');
  await nav(who, o + '/pending-activities');
  await nav(who, o + '/call-stack');
  await nav(who, o + '/query');
  await nav(who, o + '/relationships');
  await nav(who, o + '/history');
  await nav(who, '/namespaces/ecommerce-prod/task-queues/order-fulfillment');
  await nav(who, '/namespaces/ecommerce-prod/workers');
  await nav(who, '/namespaces/ecommerce-prod/worker-deployments');
  await nav(who, wf('ecommerce-prod', 'order-20393') + '/history');
  await act(who, 'request cancellation of order-20393', async () => {
    await page.getByRole('button', { name: 'Request Cancellation' }).first().click();
    await page.locator('dialog[open] button:has-text("Confirm"), [role=dialog] button:has-text("Confirm")').first().click();
  });
  await nav(who, '/nexus');
  if (nexusId) await nav(who, '/nexus/' + nexusId);

  who = 'sam (growth)';
  await nav(who, '/namespaces/marketing-comms');
  await nav(who, '/namespaces/marketing-comms/workflows');
  await nav(who, wf('marketing-comms', 'welcome-email-alice') + '/history', `a[href*="/workflows/welcome-email-alice/"]`);
  await nav(who, '/namespaces/marketing-comms/workflows');
  await nav(who, wf('marketing-comms', 'welcome-email-emeka') + '/history', `a[href*="/workflows/welcome-email-emeka/"]`);
  await nav(who, '/namespaces/marketing-comms/schedules');
  await nav(who, '/namespaces/marketing-comms/schedules/weekly-newsletter-digest');
  await nav(who, '/namespaces/default/workflows');
  await nav(who, '/namespaces/default/batch-operations');
  await nav(who, '/namespaces/default/schedules');
  await nav(who, '/namespaces');
  // a link pasted in chat: a fresh load of a workflow page
  who = 'maria (support)';
  await load(who, wf('ecommerce-prod', 'order-20394') + '/history');

  log('requests', total);
  for (const k of Object.keys(byPath).sort()) log(' ', byPath[k], k);
  await page.close();
  await ctx.close();
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
