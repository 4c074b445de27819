// Readers of Jaeger's internal JSON API (/api/...), making the calls the Jaeger UI makes (jaeger-ui's
// src/api/jaeger.ts: fetchServices, fetchServiceOperations, searchTraces, fetchTrace, fetchMultipleTraces,
// fetchDependencies, fetchDeepDependencyGraph, fetchQualityMetrics, archiveTrace, transformOTLP, and the Monitor
// tab's fetchMetrics / fetchServiceServerOps) and loading the UI's pages (/search, /trace/ID, /dependencies,
// /monitor, ... all answered with index.html by the query service's fallback). The module ships only the
// placeholder index.html (no built UI), so these sessions are scripted with Node's fetch as a browser would send them.
// Then a Grafana-style Jaeger data source, and requests with bad parameters / unknown trace ids.
// Usage: node ui-sessions.cjs   (env JAEGER_URL, default http://127.0.0.1:16686)
'use strict';
const http = require('http');
const BASE = process.env.JAEGER_URL || 'http://127.0.0.1:16686';
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

const BROWSER_UA = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
];
let total = 0;
const counts = {};

function request(method, path, { ua, accept, body, ctype, referer } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { 'User-Agent': ua || BROWSER_UA[0], Accept: accept || 'application/json', 'Accept-Language': 'en-US,en;q=0.9' };
    if (referer) headers.Referer = BASE + referer;
    if (body != null) { headers['Content-Type'] = ctype || 'application/json'; headers['Content-Length'] = Buffer.byteLength(body); }
    const r = http.request(BASE + path, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        total++; counts[res.statusCode] = (counts[res.statusCode] || 0) + 1;
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = JSON.parse(text); } catch (_) { /* html or text */ }
        resolve({ status: res.statusCode, json, text });
      });
    });
    r.on('error', reject);
    if (body != null) r.write(body);
    r.end();
  });
}
const get = (p, o) => request('GET', p, o);
const qs = (o) => Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`)).join('&');
const nowUs = () => Date.now() * 1000;

// a browser page load: the document (index.html from the fallback) and the favicon
async function page(path, ua) {
  await get(path, { ua, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
  await get('/favicon.ico', { ua, accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8', referer: path });
}

async function searchTraces(ua, params, referer) {
  const end = nowUs();
  const q = { end, limit: 20, lookback: '1h', maxDuration: '', minDuration: '', start: end - 3600e6, ...params };
  const r = await get('/api/traces?' + qs(q), { ua, referer });
  return (r.json && r.json.data) || [];
}

async function uiSession(n, ua, focus) {
  await page('/', ua);
  await page('/search', ua);
  const svcs = (await get('/api/services', { ua, referer: '/search' })).json.data || [];
  const ops = {};
  for (const s of focus) {
    ops[s] = ((await get(`/api/services/${encodeURIComponent(s)}/operations`, { ua, referer: '/search' })).json || {}).data || [];
  }
  const found = [];
  for (const s of focus) {
    // the search form: service only, then an operation, then tags / duration
    let tr = await searchTraces(ua, { service: s }, '/search');
    found.push(...tr.map((t) => t.traceID));
    const op = ops[s][n % Math.max(ops[s].length, 1)];
    if (op) {
      await page('/search?' + qs({ service: s, operation: op, limit: 20, lookback: '1h' }), ua);
      tr = await searchTraces(ua, { service: s, operation: op }, '/search');
      found.push(...tr.map((t) => t.traceID));
    }
    await searchTraces(ua, { service: s, tags: JSON.stringify({ error: 'true' }), limit: 50, lookback: '2h', start: nowUs() - 7200e6 }, '/search');
    await searchTraces(ua, { service: s, minDuration: '5ms', maxDuration: '2s', lookback: '15m', start: nowUs() - 900e6 }, '/search');
  }
  // open some traces from the result list
  const uniq = [...new Set(found)];
  for (const id of uniq.slice(0, 6 + n)) {
    await page(`/trace/${id}`, ua);
    await get(`/api/traces/${id}`, { ua, referer: `/trace/${id}` });
    if (id.endsWith('a') || id.endsWith('7')) await get(`/api/traces/${id}?` + qs({ prettyPrint: 'true' }), { ua });
  }
  // the trace view's "uiFind" and JSON / raw JSON menu entries
  if (uniq[0]) {
    await page(`/trace/${uniq[0]}?uiFind=charge`, ua);
    await get(`/api/traces/${uniq[0]}?prettyPrint=true`, { ua, referer: `/trace/${uniq[0]}` });
    await get(`/api/traces/${uniq[0]}?raw=true&prettyPrint=true`, { ua, referer: `/trace/${uniq[0]}` });
  }
  // compare two traces
  if (uniq.length > 2) {
    await page(`/trace/${uniq[1]}...${uniq[2]}?cohort=${uniq[1]}&cohort=${uniq[2]}`, ua);
    await get('/api/traces?' + qs({ traceID: [uniq[1], uniq[2]] }), { ua, referer: '/trace/' });
  }
  // archive one trace (the trace page's Archive button), then read it again
  if (uniq[3 + n]) {
    await request('POST', `/api/archive/${uniq[3 + n]}`, { ua, body: '', ctype: 'application/json', referer: `/trace/${uniq[3 + n]}` });
    await get(`/api/traces/${uniq[3 + n]}`, { ua, referer: `/trace/${uniq[3 + n]}` });
  }
  // system architecture (dependencies) page
  await page('/dependencies', ua);
  await get('/api/dependencies?' + qs({ endTs: Date.now(), lookback: 86400000 }), { ua, referer: '/dependencies' });
  if (n % 2 === 0) await get('/api/dependencies?' + qs({ endTs: Date.now(), lookback: 604800000 }), { ua, referer: '/dependencies' });
  // deep dependency graph and trace quality pages
  await page('/deep-dependencies', ua);
  await get('/api/deep-dependencies?' + qs({ service: focus[0] }), { ua, referer: '/deep-dependencies' });
  await page('/quality-metrics', ua);
  await get('/api/quality-metrics?' + qs({ service: focus[0], lookback: 48 }), { ua, referer: '/quality-metrics' });
  // Monitor tab (SPM): server operations and RED metrics (no metrics storage configured here)
  await page('/monitor', ua);
  await get('/api/services', { ua, referer: '/monitor' });
  const endTs = Date.now();
  for (const s of focus.slice(0, 1)) {
    await get('/api/operations?' + qs({ service: s, spanKind: 'server' }), { ua, referer: '/monitor' });
    const base = { service: s, endTs, lookback: 3600000, step: 60000, ratePer: 600000, spanKind: 'server' };
    await get('/api/metrics/latencies?' + qs({ ...base, quantile: 0.95 }), { ua, referer: '/monitor' });
    await get('/api/metrics/calls?' + qs(base), { ua, referer: '/monitor' });
    await get('/api/metrics/errors?' + qs(base), { ua, referer: '/monitor' });
    await get('/api/metrics/latencies?' + qs({ ...base, quantile: 0.95, groupByOperation: true }), { ua, referer: `/monitor/${s}` });
  }
  await get('/api/metrics/minstep', { ua, referer: '/monitor' });
  return { svcs, uniq };
}

// the UI's "upload JSON" of an OTLP file: POST /api/transform, then the trace is shown from the result
function otlpFile(svc, opName) {
  const tid = [...Array(32)].map((_, i) => '0123456789abcdef'[(i * 7 + svc.length) % 16]).join('');
  const now = BigInt(Date.now()) * 1000000n;
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: svc } }] },
    scopeSpans: [{ scope: { name: 'manual-export' }, spans: [
      { traceId: tid, spanId: '5b8aa5a2d2c872e8', name: opName, kind: 2, startTimeUnixNano: String(now - 42000000n), endTimeUnixNano: String(now),
        attributes: [{ key: 'http.route', value: { stringValue: '/api/refunds/{id}' } }], status: {} },
      { traceId: tid, spanId: '6c9bb6b3e3d983f9', parentSpanId: '5b8aa5a2d2c872e8', name: 'SELECT refunds', kind: 3,
        startTimeUnixNano: String(now - 30000000n), endTimeUnixNano: String(now - 12000000n), attributes: [], status: {} },
    ] }] }] });
}

async function grafana(svcs) {
  // Grafana's Jaeger data source: service / operation pickers, search, trace by id, service graph
  const ua = 'Grafana/11.4.0';
  await get('/api/services', { ua });
  for (const s of svcs) {
    await get(`/api/services/${encodeURIComponent(s)}/operations`, { ua });
    const end = nowUs();
    const r = await get('/api/traces?' + qs({ service: s, start: end - 21600e6, end, limit: 20 }), { ua });
    const ids = ((r.json && r.json.data) || []).map((t) => t.traceID);
    for (const id of ids.slice(0, 2)) await get(`/api/traces/${id}`, { ua });
  }
  await get('/api/dependencies?' + qs({ endTs: Date.now(), lookback: 21600000 }), { ua });
}

async function badRequests(ua, known) {
  // a trace id that is not (or no longer) stored, malformed ids, a search without a service, bad durations
  for (const id of ['4bf92f3577b34da6a3ce929d0e0e4736', '00000000000000000000000000c0ffee', 'a1b2c3d4e5f60718']) {
    await get(`/api/traces/${id}`, { ua, referer: `/trace/${id}` });
  }
  await get('/api/traces/not-a-trace-id', { ua });
  await get('/api/traces/' + 'f'.repeat(40), { ua });
  await get('/api/traces?' + qs({ limit: 20, lookback: '1h' }), { ua, referer: '/search' });
  await get('/api/traces?' + qs({ service: 'checkout-api', minDuration: '10 ms', lookback: '1h' }), { ua, referer: '/search' });
  await get('/api/traces?' + qs({ service: 'checkout-api', start: 'yesterday' }), { ua, referer: '/search' });
  await get('/api/traces?' + qs({ service: 'checkout-api', tags: '{"error":' }), { ua, referer: '/search' });
  await get('/api/traces?' + qs({ traceID: 'zzzz' }), { ua });
  await get('/api/operations', { ua });
  await get('/api/dependencies?' + qs({ endTs: 'now', lookback: 86400000 }), { ua, referer: '/dependencies' });
  await get('/api/metrics/latencies?' + qs({ service: 'checkout-api', quantile: 'p95' }), { ua, referer: '/monitor' });
  await request('POST', '/api/archive/00000000000000000000000000c0ffee', { ua, body: '' });
  await request('POST', '/api/transform', { ua, body: '{"resourceSpans": [', ctype: 'application/json' });
  // services that do not exist: an empty list, not an error
  await get('/api/services/billing-legacy/operations', { ua });
  await searchTraces(ua, { service: 'billing-legacy' }, '/search');
  if (known) await get(`/api/traces/${known}?raw=maybe`, { ua });
}

(async () => {
  const focusSets = [
    ['checkout-api', 'frontend', 'payment_service'],
    ['InventoryWorker', 'auth'],
    ['frontend', 'catalog-svc', 'notification-worker'],
    ['payment_service', 'checkout-api'],
  ];
  let svcs = [];
  let known = null;
  for (let n = 0; n < focusSets.length; n++) {
    const r = await uiSession(n, BROWSER_UA[n % BROWSER_UA.length], focusSets[n]);
    svcs = r.svcs; known = known || r.uniq[0];
  }
  // upload two OTLP JSON files in the UI (one per operator)
  for (const [svc, op] of [['refund-service', 'POST /api/refunds/{id}'], ['ledger_sync', 'reconcile ledger']]) {
    await page('/search', BROWSER_UA[1]);
    await request('POST', '/api/transform', { ua: BROWSER_UA[1], body: otlpFile(svc, op), referer: '/search' });
  }
  await grafana(svcs);
  await badRequests(BROWSER_UA[2], known);
  console.log(`ui-sessions: ${total} requests`, JSON.stringify(counts));
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
