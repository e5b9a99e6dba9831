// `make screenshots`: every screen of the console, from a throwaway server with a little data in
// it, into docs/console/. Run with the end-to-end tests' Playwright setup (web/playwright.config.ts
// picks this file when KEYWARD_SCREENSHOTS=1); CTest does not run it.
import { type Page, expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { revealLink, secret, signIn } from './support/console';
import { Keyward, repo } from './support/keyward';

const out = join(repo, 'docs', 'console');
let k: Keyward;

test.beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  k = await Keyward.start();
  k.cli(['org', 'create', '--name', 'Globex Europe']);
  k.cli(['org', 'create', '--name', 'Initech']);
  k.addUser('ada@demo.example', 'admin');
  k.addUser('max@demo.example', 'member');
  const dan = k.addUser('dan@demo.example', 'member');
  for (let i = 0; i < 5; i++) k.curl('POST', '/api/v1/session', {}, { username: dan.username, password: 'wrong' });
  k.cli(['member', 'add', '--org', k.org.id, '--username', 'bob@demo.example', '--role', 'member']);
  k.cli(['key', 'create', '--org', k.org.id, '--name', 'billing-service', '--kind', 'secret', '--expires-at', '2031-01-31T23:59:59Z']);
  const ci = JSON.parse(k.cli(['key', 'create', '--org', k.org.id, '--name', 'ci-pipeline', '--kind', 'secret', '--json']).stdout);
  k.cli(['key', 'roll', '--org', k.org.id, '--key', ci.id]);
  k.cli(['key', 'create', '--org', k.org.id, '--name', 'website widget', '--kind', 'public']);
  k.cli(['key', 'create', '--org', k.org.id, '--name', 'invoicing', '--kind', 'secret', '--scope', 'read', '--scope', 'invoices:read',
    '--scope', 'invoices:write', '--rate-limit', '100/1s', '--rate-limit', '10000/1d', '--credits', '5000', '--refill', '5000/1d',
    '--allow-ip', '203.0.113.0/24', '--allow-ip', '2001:db8::/32']);
  // Nothing listens on port 9: the endpoint's first try is listed as refused.
  k.cli(['webhook', 'create', '--org', k.org.id, '--url', 'http://127.0.0.1:9/keyward', '--event', 'key.created', '--event', 'key.deleted']);
  k.cli(['webhook', 'create', '--org', k.org.id, '--url', 'https://hooks.example.com/keyward', '--event', 'key.leaked']);
  const creds = JSON.parse(k.cli(['org', 'credentials', '--org', k.org.id, '--reveal', '--json']).stdout);
  k.cli(['agent-demo', '--url', k.url, '--api-key', creds.api_key, '--agent-user', creds.agent_username, '--agent-key', creds.agent_service_key, '--ca-file', k.caFile], { dataDir: false });
  k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(k.admin.username, k.admin.serviceKey, 'an0ldKeyThatWasRotatedAwayLongAgo1'));
  k.cli(['org', 'api-key', 'rotate', '--org', k.org.id]);
});
test.afterAll(async () => {
  await k?.stop();
});

// The whole page, or with a dialog open, the window (a modal's backdrop covers only the window).
async function shot(page: Page, name: string, fullPage = true) {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  if (fullPage) await page.mouse.move(0, 0);  // no button left looking hovered
  await page.screenshot({ path: join(out, `${name}.png`), fullPage, animations: 'disabled', caret: 'hide' });
}

test('every screen', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(k.url + '/console/signin');
  await page.getByLabel('Username').fill(k.admin.username);
  await shot(page, 'sign-in');

  await signIn(page, k, k.admin);
  const org = `${k.url}/console/orgs/${k.org.id}`;
  await page.goto(`${org}/api`);
  await expect(page.getByRole('heading', { name: 'REST API' })).toBeVisible();
  await shot(page, 'organization-api');
  await page.getByRole('button', { name: `User menu for ${k.admin.username}` }).click();
  await shot(page, 'user-menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Rotate agent service key' }).click();
  await shot(page, 'rotate-confirmation', false);
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.goto(`${org}/keys`);
  await expect(page.getByRole('row', { name: /billing-service/ })).toBeVisible();
  await page.getByRole('button', { name: 'Actions for billing-service' }).click();
  await shot(page, 'api-keys');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'New API key' }).click();
  await page.getByLabel('Name').fill('reporting');
  await page.getByLabel('Expiration date (optional)').fill('2030-06-30');
  await shot(page, 'new-api-key', false);
  await page.getByRole('button', { name: 'Save API key' }).click();
  await secret(page, 'Token of reporting');
  await shot(page, 'new-api-key-token', false);
  await page.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('button', { name: 'Actions for invoicing' }).click();
  await page.getByRole('menuitem', { name: 'Edit controls' }).click();
  await expect(page.getByRole('dialog', { name: 'Controls of invoicing' })).toBeVisible();
  await shot(page, 'edit-controls', false);
  await page.getByRole('button', { name: 'Cancel' }).click();

  k.cli(['key', 'create', '--org', k.org.id, '--name', 'nightly-export', '--kind', 'secret']);
  await page.goto(`${org}/webhooks`);
  await page.getByRole('button', { name: 'Deliveries to http://127.0.0.1:9/keyward' }).click();
  const tries = page.getByRole('region', { name: /^Deliveries to/ }).getByRole('row').filter({ hasText: 'key.created' });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(tries.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await shot(page, 'webhooks');

  await page.goto(`${org}/users`);
  await expect(page.getByRole('row', { name: /dan@demo\.example/ })).toBeVisible();
  await shot(page, 'users');
  await page.goto(`${org}/agent`);
  await expect(page.getByRole('heading', { name: 'Agent configuration' })).toBeVisible();
  await shot(page, 'agent');
  await page.goto(`${org}/audit`);
  await expect(page.getByRole('table')).toBeVisible();
  await shot(page, 'audit-log');

  await page.goto(`${k.url}/console/user/api`);
  await expect(page.getByRole('heading', { name: 'Your service key' })).toBeVisible();
  await shot(page, 'user-api');

  await page.goto(`${k.url}/console/system/api`);
  await expect(page.getByRole('link', { name: /Globex Europe/ })).toBeVisible();
  await shot(page, 'system-api');
  await page.goto(`${k.url}/console/system/security`);
  await expect(page.getByRole('heading', { name: 'Key Management' })).toBeVisible();
  await shot(page, 'key-management');
  await page.goto(`${k.url}/console/system/audit`);
  await expect(page.getByRole('table')).toBeVisible();
  await shot(page, 'system-audit-log');

  await page.goto(`${org}/api`);
  await page.getByRole('button', { name: 'Email me the current API Key' }).click();
  const [message] = await k.waitForMail(1);
  await page.goto(revealLink(message.data));
  await secret(page, 'API key of Demo Organization');
  await shot(page, 'reveal');
});
