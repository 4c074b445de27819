// Trace producers: a small web shop instrumented with the OpenTelemetry JS SDK (from npm), exporting OTLP/HTTP
// (protobuf-free JSON, the exporter's default for @opentelemetry/exporter-trace-otlp-http) to Jaeger's OTLP receiver.
// Each service has its own TracerProvider and exporter, as separate processes would; a request to the shop's
// frontend fans out to auth, checkout-api, payment_service, InventoryWorker, catalog-svc and notification-worker,
// with W3C context carried from span to span (same trace id, remote parents), some of them failing.
// Usage: node otel-services.cjs ROUNDS   (env OTLP_URL, default http://127.0.0.1:4318)
'use strict';
const path = require('path');
const NM = process.env.OTEL_NODE_MODULES || '/tmp/shadowtap-lab/jaeger/otel/node_modules';
const req = (m) => require(path.join(NM, m));
const api = req('@opentelemetry/api');
const { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } = req('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = req('@opentelemetry/exporter-trace-otlp-http');
const { resourceFromAttributes } = req('@opentelemetry/resources');

const OTLP = (process.env.OTLP_URL || 'http://127.0.0.1:4318') + '/v1/traces';
const ROUNDS = parseInt(process.argv[2] || '40', 10);

// service name -> [version, processor kind]. auth exports every span at once (SimpleSpanProcessor, a dev setup);
// the others batch, flushing small batches often.
const SERVICES = {
  frontend: ['2.14.0', 'batch'],
  'checkout-api': ['1.8.3', 'batch'],
  payment_service: ['0.9.12', 'batch'],
  InventoryWorker: ['3.1.0', 'batch'],
  auth: ['5.0.2', 'simple'],
  'catalog-svc': ['1.22.7', 'batch'],
  'notification-worker': ['0.4.1', 'batch'],
};
const providers = {};
const tracers = {};
for (const [name, [ver, kind]] of Object.entries(SERVICES)) {
  const exporter = new OTLPTraceExporter({ url: OTLP });
  const sp = kind === 'simple'
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(exporter, { maxExportBatchSize: 24, scheduledDelayMillis: 300, maxQueueSize: 2048 });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': name, 'service.version': ver, 'deployment.environment': 'staging',
      'host.name': `${name.toLowerCase().replace(/_/g, '-')}-7d9f${Object.keys(providers).length}`,
      'telemetry.sdk.language': 'nodejs',
    }),
    spanProcessors: [sp],
  });
  providers[name] = provider;
  tracers[name] = provider.getTracer(`shop.${name}`, ver);
}

const K = api.SpanKind;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seed = 20261207;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];

// span(service, name, kind, attrs, parentCtx, fn, {error, ms})
async function span(svc, name, kind, attrs, parent, fn, opt = {}) {
  const t = tracers[svc];
  const s = t.startSpan(name, { kind, attributes: attrs }, parent || api.ROOT_CONTEXT);
  const ctx = api.trace.setSpan(parent || api.ROOT_CONTEXT, s);
  try {
    if (fn) await fn(ctx);
    await sleep(opt.ms != null ? opt.ms : 1 + Math.floor(rnd() * 4));
    if (opt.error) {
      s.recordException(new Error(opt.error));
      s.setStatus({ code: api.SpanStatusCode.ERROR, message: opt.error });
    }
  } finally {
    s.end();
  }
}

const ORDER_IDS = [10421, 10422, 10457, 10490, 10512, 10533, 10587, 10601];
const SKUS = ['SKU-CHAIR-OAK', 'SKU-LAMP-BRASS', 'SKU-DESK-WALNUT', 'SKU-RUG-WOOL', 'SKU-MUG-STONE'];
const USERS = ['u_maria', 'u_kenji', 'u_amara', 'u_lukas', 'u_priya'];

async function checkout(round) {
  const user = pick(USERS);
  const declined = round % 9 === 4;
  const outOfStock = round % 13 === 7;
  await span('frontend', 'POST /checkout', K.SERVER,
    { 'http.request.method': 'POST', 'http.route': '/checkout', 'url.path': '/checkout', 'enduser.id': user,
      'http.response.status_code': declined ? 402 : outOfStock ? 409 : 303 }, null, async (c1) => {
      await span('frontend', 'POST', K.CLIENT, { 'http.request.method': 'POST', 'server.address': 'checkout-api' }, c1, async (c2) => {
        await span('checkout-api', 'POST /api/checkout', K.SERVER,
          { 'http.request.method': 'POST', 'http.route': '/api/checkout', 'enduser.id': user }, c2, async (c3) => {
            await span('checkout-api', 'GET', K.CLIENT, { 'server.address': 'auth' }, c3, async (c4) => {
              await span('auth', 'verify token', K.SERVER, { 'auth.scheme': 'bearer', 'enduser.id': user }, c4, async (c5) => {
                await span('auth', 'GET session', K.CLIENT, { 'db.system': 'redis', 'db.operation': 'GET' }, c5);
              });
            });
            await span('checkout-api', 'SELECT carts', K.CLIENT,
              { 'db.system': 'postgresql', 'db.name': 'shop', 'db.statement': 'SELECT * FROM carts WHERE user_id = $1' }, c3);
            for (const sku of [pick(SKUS), pick(SKUS)]) {
              await span('checkout-api', 'reserve stock', K.PRODUCER, { 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'inventory.reserve' }, c3, async (c4) => {
                await span('InventoryWorker', 'reserve stock', K.CONSUMER, { 'messaging.system': 'rabbitmq', 'inventory.sku': sku }, c4, async (c5) => {
                  await span('InventoryWorker', 'UPDATE stock_levels', K.CLIENT,
                    { 'db.system': 'postgresql', 'db.statement': 'UPDATE stock_levels SET reserved = reserved + 1 WHERE sku = $1' }, c5);
                }, outOfStock ? { error: `insufficient stock for ${sku}` } : {});
              });
            }
            if (outOfStock) return;
            await span('checkout-api', 'POST', K.CLIENT, { 'server.address': 'payment_service' }, c3, async (c4) => {
              await span('payment_service', 'charge card', K.SERVER, { 'payment.provider': 'stripe', 'payment.currency': 'EUR', 'payment.amount': 40 + (round % 7) * 13 }, c4, async (c5) => {
                await span('payment_service', 'POST https://api.stripe.example/v1/charges', K.CLIENT, { 'http.request.method': 'POST' }, c5, null, { ms: 8 });
                await span('payment_service', 'INSERT payments', K.CLIENT,
                  { 'db.system': 'postgresql', 'db.statement': 'INSERT INTO payments (order_id, amount) VALUES ($1, $2)' }, c5);
              }, declined ? { error: 'card_declined: insufficient_funds' } : {});
            });
            if (declined) return;
            await span('checkout-api', 'INSERT orders', K.CLIENT,
              { 'db.system': 'postgresql', 'db.statement': 'INSERT INTO orders (user_id, total) VALUES ($1, $2)' }, c3);
            await span('checkout-api', 'order.placed publish', K.PRODUCER, { 'messaging.system': 'kafka', 'messaging.destination.name': 'order.placed' }, c3, async (c4) => {
              await span('notification-worker', 'send email', K.CONSUMER, { 'messaging.system': 'kafka', 'email.template': 'order-confirmation' }, c4, null, round % 11 === 3 ? { error: 'smtp: 451 temporary failure' } : {});
            });
          }, declined ? { error: 'payment declined' } : outOfStock ? { error: 'out of stock' } : {});
      });
    });
}

async function viewOrder(round) {
  const id = pick(ORDER_IDS);
  const missing = round % 10 === 6;
  await span('frontend', 'GET /orders/:id', K.SERVER, { 'http.request.method': 'GET', 'http.route': '/orders/:id', 'url.path': `/orders/${id}` }, null, async (c1) => {
    await span('frontend', 'GET', K.CLIENT, { 'server.address': 'checkout-api' }, c1, async (c2) => {
      await span('checkout-api', 'GET /api/orders/{id}', K.SERVER,
        { 'http.request.method': 'GET', 'http.route': '/api/orders/{id}', 'http.response.status_code': missing ? 404 : 200 }, c2, async (c3) => {
          await span('auth', 'verify token', K.SERVER, { 'auth.scheme': 'bearer' }, c3);
          await span('checkout-api', 'SELECT orders', K.CLIENT,
            { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM orders WHERE id = $1' }, c3);
          if (!missing) await span('checkout-api', 'SELECT order_items', K.CLIENT,
            { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM order_items WHERE order_id = $1' }, c3);
        });
    });
  });
}

async function browseCatalog(round) {
  const cat = pick(['chairs', 'lamps', 'desks', 'rugs']);
  await span('frontend', 'GET /products', K.SERVER, { 'http.request.method': 'GET', 'http.route': '/products', 'url.query': `category=${cat}` }, null, async (c1) => {
    await span('frontend', 'GET', K.CLIENT, { 'server.address': 'catalog-svc' }, c1, async (c2) => {
      await span('catalog-svc', 'GET /v1/products', K.SERVER, { 'http.route': '/v1/products', 'catalog.category': cat }, c2, async (c3) => {
        await span('catalog-svc', 'GET products:' + cat, K.CLIENT, { 'db.system': 'redis', 'db.operation': 'GET' }, c3);
        if (round % 4 === 0) await span('catalog-svc', 'SELECT products', K.CLIENT,
          { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM products WHERE category = $1 LIMIT 48' }, c3);
      });
    });
  });
}

async function login(round) {
  const failed = round % 5 === 2;
  await span('auth', 'POST /oauth/token', K.SERVER, { 'http.route': '/oauth/token', 'oauth.grant_type': 'password', 'http.response.status_code': failed ? 401 : 200 }, null, async (c1) => {
    await span('auth', 'SELECT users', K.CLIENT, { 'db.system': 'postgresql', 'db.statement': 'SELECT id, pw_hash FROM users WHERE email = $1' }, c1);
    await span('auth', 'bcrypt compare', K.INTERNAL, {}, c1, null, { ms: 6 });
    if (!failed) await span('auth', 'SET session', K.CLIENT, { 'db.system': 'redis', 'db.operation': 'SET' }, c1);
  }, failed ? { error: 'invalid credentials' } : {});
}

async function restock(round) {
  await span('InventoryWorker', 'restock job', K.INTERNAL, { 'job.name': 'nightly-restock', 'job.batch': round }, null, async (c1) => {
    await span('InventoryWorker', 'SELECT stock_levels', K.CLIENT, { 'db.system': 'postgresql', 'db.statement': 'SELECT sku FROM stock_levels WHERE available < threshold' }, c1);
    await span('InventoryWorker', 'POST', K.CLIENT, { 'server.address': 'supplier-gateway' }, c1, null, { ms: 5 });
  });
}

(async () => {
  for (let r = 0; r < ROUNDS; r++) {
    await checkout(r);
    await viewOrder(r);
    if (r % 2 === 0) await browseCatalog(r);
    if (r % 3 === 0) await login(r);
    if (r % 8 === 5) await restock(r);
    await sleep(120);
  }
  for (const p of Object.values(providers)) await p.shutdown();
  console.log(`otel-services: ${ROUNDS} rounds exported`);
})().catch((e) => { console.error(e); process.exit(1); });
