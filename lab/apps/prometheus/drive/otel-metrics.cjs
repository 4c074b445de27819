// OTLP metrics producers: three services instrumented with the OpenTelemetry JS SDK (from npm), each with its own
// MeterProvider and a PeriodicExportingMetricReader pushing OTLP/HTTP protobuf (exporter-metrics-otlp-proto) to the
// lab server's OTLP receiver (POST /api/v1/otlp/v1/metrics, --web.enable-otlp-receiver) with basic auth, as an
// application pushing straight to Prometheus does. Counters, histograms, up-down counters and an observable gauge,
// with user-chosen attributes (http.route, payment.provider, queue names).
// Usage: node otel-metrics.cjs SECONDS   (env PROM_URL, OTEL_USER, OTEL_PASS)
'use strict';
const path = require('path');
const NM = process.env.OTEL_NODE_MODULES || '/tmp/shadowtap-lab/prometheus/otel/node_modules';
const req = (m) => require(path.join(NM, m));
const { MeterProvider, PeriodicExportingMetricReader } = req('@opentelemetry/sdk-metrics');
const { OTLPMetricExporter } = req('@opentelemetry/exporter-metrics-otlp-proto');
const { resourceFromAttributes } = req('@opentelemetry/resources');

const URL = (process.env.PROM_URL || 'http://127.0.0.1:19090') + '/api/v1/otlp/v1/metrics';
const AUTH = 'Basic ' + Buffer.from(`${process.env.OTEL_USER}:${process.env.OTEL_PASS}`).toString('base64');
const SECONDS = parseInt(process.argv[2] || '30', 10);
const SERVICES = {
  payment_service: { ver: '0.9.12', ns: 'shop', routes: ['/v1/payments', '/v1/payments/{paymentId}/capture', '/v1/refunds'] },
  'cart-frontend': { ver: '2.14.0', ns: 'shop', routes: ['/cart', '/cart/items/{itemId}', '/checkout/confirm'] },
  NotificationWorker: { ver: '3.1.0', ns: 'messaging', routes: [] },
};
const rnd = (n) => Math.floor(Math.random() * n);
const providers = [];
for (const [name, s] of Object.entries(SERVICES)) {
  const exporter = new OTLPMetricExporter({ url: URL, headers: { Authorization: AUTH } });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 2500 + 500 * providers.length });
  const mp = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': name, 'service.version': s.ver, 'service.namespace': s.ns,
      'service.instance.id': `${name.toLowerCase().replace(/_/g, '-')}-6c9d${providers.length}`,
      'deployment.environment.name': providers.length === 1 ? 'staging' : 'production',
      'host.name': `node-${['a17', 'b03', 'c22'][providers.length]}.eu-west.internal`,
    }),
    readers: [reader],
  });
  providers.push(mp);
  const meter = mp.getMeter(`shop.${name}`, s.ver);
  if (s.routes.length) {
    const reqs = meter.createCounter('http.server.requests', { description: 'HTTP requests served' });
    const dur = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'request latency' });
    const active = meter.createUpDownCounter('http.server.active_requests');
    s.tick = () => {
      for (const r of s.routes) {
        const n = 1 + rnd(20);
        reqs.add(n, { 'http.route': r, 'http.request.method': r.includes('{') ? 'GET' : 'POST', 'http.response.status_code': rnd(10) ? 200 : 503 });
        for (let i = 0; i < 3; i++) dur.record(Math.random() * 0.9, { 'http.route': r });
      }
      active.add(rnd(5) - 2);
    };
    if (name === 'payment_service') {
      const amt = meter.createCounter('payments.amount', { unit: 'EUR' });
      const t = s.tick;
      s.tick = () => { t(); for (const p of ['stripe', 'adyen', 'PayPal']) amt.add(rnd(500), { 'payment.provider': p }); };
    }
  } else {
    const sent = meter.createCounter('notifications.sent');
    meter.createObservableGauge('queue.depth').addCallback((o) => {
      for (const q of ['email-outbound', 'sms_outbound', 'PushAPNs']) o.observe(rnd(80), { 'messaging.destination.name': q });
    });
    s.tick = () => { for (const ch of ['email', 'sms', 'push']) sent.add(rnd(15), { channel: ch }); };
  }
}
(async () => {
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    for (const s of Object.values(SERVICES)) s.tick();
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const mp of providers) { await mp.forceFlush(); await mp.shutdown(); }
  console.log('[otel] done');
})().catch((e) => { console.error(e); process.exit(1); });
