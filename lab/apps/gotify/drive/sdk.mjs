// Drives the Gotify API with the gotify-client SDK (npm gotify-client, generated from the Gotify swagger spec)
// plus a websocket /stream listener (npm ws), the way Gotify clients receive messages.
import { createRequire } from 'module';
import fs from 'fs';
const require = createRequire(process.env.NODE_DIR + '/');
const { GotifyClient } = require('gotify-client');
const WebSocket = require('ws');

const HOST = 'http://127.0.0.1:19080';
const ST = process.env.STATE;
const adminToken = fs.readFileSync(ST + '/admin_client.token', 'utf8').trim();
const admin = new GotifyClient(HOST, { client: adminToken });
const state = { apps: {}, users: {}, clients: {}, messages: [] };

// deterministic pseudo-random
let seed = 42;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];

async function main() {
  await admin.version.getVersion();
  await admin.health.getHealth();
  const me = await admin.current.currentUser();

  // websocket stream for the admin user (token in query as the docs show)
  const ws = new WebSocket(`ws://127.0.0.1:19080/stream?token=${adminToken}`);
  let streamed = 0;
  ws.on('message', () => { streamed++; });
  await new Promise((r) => ws.on('open', r));

  // users
  for (const [name, pass, isAdmin] of [['marco.rossi', 'Tr0ub4dor&3', false], ['priya.nair', 'correct-horse-battery', true], ['ops-bot', 'b0t-s3cret-pass', false]]) {
    const u = await admin.user.createUser({ name, pass, admin: isAdmin });
    state.users[name] = { id: u.id, pass };
  }
  const users = await admin.user.getUsers();
  for (const u of users) await admin.user.getUser(u.id);
  await admin.user.updateUser(state.users['ops-bot'].id, { name: 'ops-bot', admin: false, pass: 'b0t-s3cret-pass-2' });
  state.users['ops-bot'].pass = 'b0t-s3cret-pass-2';
  await admin.user.getUser(4711); // missing -> 404

  // applications
  const appDefs = [
    ['home-assistant', 'Home Assistant automations and alerts', 5],
    ['uptime-kuma', 'Uptime monitor for public services', 8],
    ['nas-monitor', 'Synology NAS SMART and RAID status', 4],
    ['nightly-backup', 'restic backup job on db01', 2],
  ];
  for (const [name, description, defaultPriority] of appDefs) {
    const a = await admin.application.createApp({ name, description, defaultPriority });
    state.apps[name] = { id: a.id, token: a.token };
  }
  let apps = await admin.application.getApps();
  const img = fs.readFileSync(process.env.IMG);
  for (const name of ['home-assistant', 'uptime-kuma', 'nas-monitor']) {
    const r = await admin.application.uploadAppImage(state.apps[name].id, { file: new Blob([img], { type: 'image/png' }) });
    if (r && r.image) state.apps[name].image = r.image;
  }
  await admin.application.updateApplication(state.apps['nas-monitor'].id, { name: 'nas-monitor', description: 'Synology DS920+ SMART, RAID and UPS status', defaultPriority: 6 });
  await admin.application.removeAppImage(state.apps['uptime-kuma'].id);
  await admin.application.updateApplication(9999, { name: 'ghost', description: 'x' }); // 404
  apps = await admin.application.getApps();

  // clients (devices)
  for (const name of ['Pixel 7 (Android app)', 'gotify-tray on workstation', 'Firefox on laptop']) {
    const c = await admin.client.createClient({ name });
    state.clients[name] = { id: c.id, token: c.token };
  }
  await admin.client.getClients();
  await admin.client.updateClient(state.clients['Firefox on laptop'].id, { name: 'Firefox on ThinkPad' });
  await admin.client.deleteClient(state.clients['gotify-tray on workstation'].id);
  await admin.client.deleteClient(8888); // 404
  await admin.client.getClients();

  // messages pushed by each application through the SDK (X-Gotify-Key header)
  const texts = {
    'home-assistant': [['Front door', 'Front door opened while nobody is home'], ['Washing machine', 'Cycle finished after 1h 42m'], ['Temperature', 'Living room is at **27.4 °C**']],
    'uptime-kuma': [['[DOWN] api.example.org', 'HTTP 502 from api.example.org, 3 retries'], ['[UP] api.example.org', 'Back up after 4 minutes'], ['Certificate', 'TLS certificate for shop.example.org expires in 12 days']],
    'nas-monitor': [['SMART warning', 'Disk 3 reallocated sectors: 8'], ['RAID scrub', 'Scrub of volume1 completed, 0 errors'], ['UPS', 'On battery, 87% remaining']],
    'nightly-backup': [['Backup OK', 'restic snapshot 4f1c2a9e saved, 1.2 GiB added'], ['Backup FAILED', 'repository locked by PID 23311'], ['Prune', 'removed 14 snapshots']],
  };
  for (let round = 0; round < 20; round++) {
    for (const name of Object.keys(texts)) {
      const sdk = new GotifyClient(HOST, { app: state.apps[name].token });
      const [title, message] = texts[name][round % 3];
      const body = { title: `${title}`, message: `${message} (#${round + 1})`, priority: Math.floor(rnd() * 10) };
      if (round % 4 === 0) body.extras = { 'client::display': { contentType: 'text/markdown' } };
      const m = await sdk.message.createMessage(body);
      if (m && m.id) state.messages.push({ id: m.id, app: name });
    }
  }
  // paging through messages the way clients do: limit + since
  let since = 0;
  for (let page = 0; page < 6; page++) {
    const res = await admin.message.getMessages(since ? { limit: 10, since } : { limit: 10 });
    if (!res || !res.paging || !res.paging.since) break;
    since = res.paging.since;
  }
  for (const lim of [5, 20, 50, 100]) await admin.message.getMessages({ limit: lim });
  for (const name of Object.keys(state.apps)) {
    await admin.application.getAppMessages({ id: state.apps[name].id, limit: 5 });
    await admin.application.getAppMessages({ id: state.apps[name].id, limit: 25 });
  }
  await admin.application.getAppMessages({ id: 7777, limit: 10 }); // 404

  // delete some messages individually
  const del = state.messages.filter((_, i) => i % 5 === 1);
  for (const m of del) await admin.message.deleteMessage(m.id);
  state.messages = state.messages.filter((_, i) => i % 5 !== 1);
  await admin.message.deleteMessage(999999); // 404

  // plugins (none installed)
  await admin.plugin.getPlugins();
  await admin.plugin.getPluginConfig(1);
  await admin.plugin.getPluginDisplay(1);

  // a non-admin user manages their own stuff with their own client token (created with basic auth)
  const mk = await fetch(HOST + '/client', { method: 'POST', headers: { Authorization: 'Basic ' + Buffer.from('marco.rossi:Tr0ub4dor&3').toString('base64'), 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'marco phone' }) }).then((r) => r.json());
  const marco = new GotifyClient(HOST, { client: mk.token });
  await marco.current.currentUser();
  for (const [name, description] of [['jenkins', 'Jenkins build results'], ['gitlab-runner', 'GitLab CI runner events']]) {
    const a = await marco.application.createApp({ name, description, defaultPriority: 3 });
    state.apps['marco/' + name] = { id: a.id, token: a.token, owner: 'marco.rossi' };
  }
  await marco.application.getApps();
  for (let i = 0; i < 8; i++) {
    const name = i % 2 ? 'marco/jenkins' : 'marco/gitlab-runner';
    const sdk = new GotifyClient(HOST, { app: state.apps[name].token });
    await sdk.message.createMessage({ title: `Build #${1200 + i}`, message: `Pipeline ${i % 3 ? 'passed' : 'failed'} on branch ${pick(['main', 'release/2.4', 'feature/login-sso'])}`, priority: 4 });
  }
  await marco.message.getMessages({ limit: 20 });
  await marco.user.getUsers(); // not admin -> 403
  await marco.user.createUser({ name: 'intruder', pass: 'x', admin: true }); // 403 (registration disabled)
  await marco.application.deleteApp(state.apps['home-assistant'].id); // other user's app -> 404
  await marco.current.updateCurrentUser({ pass: 'Tr0ub4dor&3-new' });
  state.users['marco.rossi'].pass = 'Tr0ub4dor&3-new';
  await marco.application.deleteAppMessages(state.apps['marco/gitlab-runner'].id);

  // a wrong/revoked client token -> 401
  const bad = new GotifyClient(HOST, { client: 'CxXxXxXxXxXxXxX' });
  await bad.application.getApps();
  await bad.message.getMessages({ limit: 10 });
  const badApp = new GotifyClient(HOST, { app: 'AxXxXxXxXxXxXxX' });
  await badApp.message.createMessage({ title: 'x', message: 'invalid token', priority: 1 });

  // admin removes one user and one app
  await admin.user.deleteUser(state.users['ops-bot'].id);
  delete state.users['ops-bot'];
  await admin.user.deleteUser(5555); // 404
  await admin.application.deleteApp(state.apps['nightly-backup'].id);
  delete state.apps['nightly-backup'];
  await admin.application.getApps();
  await admin.message.getMessages({ limit: 100 });

  await new Promise((r) => setTimeout(r, 300));
  ws.close();
  state.streamed = streamed;
  fs.writeFileSync(ST + '/state.json', JSON.stringify(state, null, 1));
  console.log(`sdk done: ${Object.keys(state.apps).length} apps, ${state.messages.length} messages, ${streamed} streamed over ws`);
}
main().catch((e) => { console.error(e); process.exit(1); });
