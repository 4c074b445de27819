// Headless Chromium session on the Gotify web UI (embedded React app), modelled on the UI's own
// puppeteer tests (ui/src/tests/*.test.ts): login, apps, image upload, per-app messages, push/delete
// messages, clients, users, logout, login as a second user.
const path = require('path');
// playwright-core is the lab's shared browser driver, installed in lab/browser (see setup.sh).
const { chromium } = require(path.join(__dirname, '..', '..', '..', 'browser', 'node_modules', 'playwright-core'));
const B = 'http://127.0.0.1:19080';
const IMG = process.env.IMG;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function login(page, user, pass) {
  await page.goto(B + '/');
  await page.waitForSelector('#login-form');
  await page.fill('#login-form .name input', user);
  await page.fill('#login-form .password input', pass);
  await page.click('#login-form button.login');
  await page.waitForSelector('#logout');
  await page.waitForSelector('main h4:has-text("All Messages")');
  await sleep(500);
}
async function logout(page) {
  await page.click('#logout');
  await page.waitForSelector('#login-form');
  await sleep(300);
}
async function createApp(page, name, description) {
  await page.click('#create-app');
  await page.waitForSelector('#app-dialog');
  await page.fill('#app-dialog .name input', name);
  await page.fill('#app-dialog .description textarea', description);
  await page.click('#app-dialog button.create');
  await page.waitForSelector('#app-dialog', { state: 'detached' });
  await page.waitForSelector(`#app-table tbody tr:has-text("${name}")`);
}
async function createUser(page, name, pass, admin) {
  await page.click('#create-user');
  await page.waitForSelector('#add-edit-user-dialog');
  await page.fill('#add-edit-user-dialog .name input', name);
  await page.fill('#add-edit-user-dialog .password input', pass);
  if (admin) await page.click('#add-edit-user-dialog .admin-rights input');
  await page.click('#add-edit-user-dialog button.save-create');
  await page.waitForSelector('#add-edit-user-dialog', { state: 'detached' });
  await page.waitForSelector(`#user-table tbody tr:has-text("${name}")`);
}
async function openAppMessages(page, name) {
  await page.click(`#message-navigation .item:has-text("${name}")`);
  await page.waitForSelector(`main h4:has-text("${name}")`);
  await sleep(400);
}
async function pushMessage(page, title, message, prio) {
  await page.click('#push-message');
  await page.waitForSelector('#push-message-dialog');
  await page.fill('#push-message-dialog .title input', title);
  await page.fill('#push-message-dialog .message textarea', message);
  await page.fill('#push-message-dialog .priority input', String(prio));
  await page.click('#push-message-dialog .send');
  await page.waitForSelector('#push-message-dialog', { state: 'detached' });
  await sleep(400);
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  let step = 'start';
  try {
    step = 'login admin'; await login(page, 'admin', 'admin');

    step = 'apps';
    await page.click('#navigate-apps');
    await page.waitForSelector('main h4:has-text("Applications")');
    await createApp(page, 'backup-server', 'borg backups of the file server');
    await createApp(page, 'ci-pipeline', 'Woodpecker CI build notifications');
    await createApp(page, 'grafana', 'Grafana alert contact point');
    // upload an image for backup-server (hidden file input triggered by the row's upload button)
    step = 'upload';
    const row = page.locator('#app-table tbody tr', { hasText: 'backup-server' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), row.locator('td').nth(1).locator('button').last().click()]);
    await chooser.setFiles(IMG);
    await sleep(800);
    // edit grafana's description
    step = 'edit app';
    const grow = page.locator('#app-table tbody tr', { hasText: 'grafana' });
    await grow.locator('.edit').click();
    await page.waitForSelector('#app-dialog');
    await page.fill('#app-dialog .description textarea', 'Grafana unified alerting (prod)');
    await page.click('#app-dialog button.update');
    await page.waitForSelector('#app-dialog', { state: 'detached' });
    await sleep(300);

    step = 'messages per app';
    for (const [name, msgs] of [['backup-server', [['borg create', 'Archive fs01-2024-05-0' , 3], ['borg prune', 'Kept 7 daily, 4 weekly archives', 1]]], ['ci-pipeline', [['build #512', 'main passed in 4m12s', 2], ['build #513', 'feature/payments failed: 3 tests', 6], ['deploy', 'staging deployed', 4]]], ['grafana', [['[FIRING] DiskFull', 'node-2 /var 95%', 9]]]]) {
      await openAppMessages(page, name);
      for (const [t, m, p] of msgs) await pushMessage(page, t, m, p);
    }
    for (const name of ['home-assistant', 'uptime-kuma', 'nas-monitor']) {
      await openAppMessages(page, name);
      await page.mouse.wheel(0, 2000); await sleep(500);
    }
    step = 'delete message';
    await openAppMessages(page, 'ci-pipeline');
    await page.click('#messages .message .delete'); await sleep(500);
    await openAppMessages(page, 'backup-server');
    await page.click('#delete-all');
    await page.waitForSelector('.confirm-dialog');
    await page.click('.confirm-dialog button.confirm'); await sleep(500);
    await page.click('#message-navigation .all'); await sleep(500);
    await page.mouse.wheel(0, 3000); await sleep(700);
    await page.mouse.wheel(0, 3000); await sleep(700);
    await page.click('#refresh-all'); await sleep(500);

    step = 'clients';
    await page.click('#navigate-clients');
    await page.waitForSelector('main h4:has-text("Clients")');
    await page.click('#create-client');
    await page.waitForSelector('#client-dialog');
    await page.fill('#client-dialog .name input', 'Chromium on desktop');
    await page.click('#client-dialog button.create');
    await page.waitForSelector('#client-dialog', { state: 'detached' });
    await sleep(300);

    step = 'users';
    await page.click('#navigate-users');
    await page.waitForSelector('main h4:has-text("Users")');
    await createUser(page, 'kim', 'kim-Passw0rd', false);
    await createUser(page, 'ana.silva', 'ana-Passw0rd', true);
    await sleep(300);

    step = 'plugins';
    await page.click('#navigate-plugins');
    await page.waitForSelector('main h4:has-text("Plugins")');
    await sleep(300);

    step = 'reload';
    await page.goto(B + '/#/applications');
    await page.waitForSelector('#app-table');
    await sleep(500);

    step = 'logout admin'; await logout(page);
    step = 'login kim'; await login(page, 'kim', 'kim-Passw0rd');
    await page.click('#navigate-apps');
    await page.waitForSelector('main h4:has-text("Applications")');
    await createApp(page, 'dotfiles-sync', 'syncthing on kim laptop');
    await openAppMessages(page, 'dotfiles-sync');
    await pushMessage(page, 'sync done', '412 files up to date', 1);
    step = 'logout kim'; await logout(page);
    step = 'bad login';
    await page.fill('#login-form .name input', 'ana.silva');
    await page.fill('#login-form .password input', 'wrong-password');
    await page.click('#login-form button.login');
    await sleep(800);
    step = 'login ana'; await login(page, 'ana.silva', 'ana-Passw0rd');
    await page.click('#navigate-users');
    await page.waitForSelector('#user-table');
    await sleep(300);
    await logout(page);
    console.log('browser done');
  } catch (e) {
    console.error('browser failed at step', step, e.message);
    await page.screenshot({ path: (process.env.STATE || '/tmp') + '/browser-fail.png' });
    process.exitCode = 1;
  }
  await browser.close();
})();
