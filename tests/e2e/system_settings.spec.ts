// Seed 000: "A System Administrator can also select an organization and manage API keys by going
// to the User Menu > System Settings > API tab." The organization picker searches; a new
// organization's credentials are shown once and work; the chosen organization's API and API
// keys are managed here as in its own settings.
import { expect, test } from '@playwright/test';
import { fromUserMenu, secret, signIn, valueOf, verifies } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
  for (const name of ['Initech', 'Umbrella Corporation', 'Globex Europe']) k.cli(['org', 'create', '--name', name]);
});
test.afterAll(async () => {
  await k?.stop();
});

test('Create organization shows its credentials once, and they work', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'System Settings');
  await expect(page.getByRole('heading', { level: 1, name: 'API' })).toBeVisible();
  await page.getByRole('button', { name: 'Create organization' }).click();
  const create = page.getByRole('dialog', { name: 'Create organization' });
  await create.getByRole('button', { name: 'Create organization' }).click();
  await expect(create.getByRole('alert')).toHaveText('Give the organization a name.');
  await create.getByLabel('Name').fill('Acme Rockets');
  await create.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('dialog', { name: 'Acme Rockets was created' })).toBeVisible();
  const id = await secret(page, 'Organization UUID');
  const apiKey = await secret(page, 'API key');
  const publicKey = await secret(page, 'Default API Key (public)');
  expect(verifies(k, publicKey)).toBe(true);
  expect(k.curl('POST', '/api/v1/keys/verify', {}, { key: publicKey }).json().org_id).toBe(id);
  // A system administrator may use any organization's API key.
  expect(k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(k.admin.username, k.admin.serviceKey, apiKey)).status).toBe(200);

  await page.getByRole('link', { name: 'Manage its API' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Rockets' })).toBeVisible();
  await expect(valueOf(page.getByRole('region', { name: 'REST API' }), 'Organization UUID')).toHaveText(id);
});

test('the picker finds an organization, whose API and API keys are managed here', async ({ page }) => {
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/system/api`);
  const search = page.getByLabel('Find an organization');
  await search.fill('GLOBEX');
  await expect(page.getByText('1 organization matches')).toBeVisible();
  await expect(page.locator('.org-list').getByRole('link')).toHaveCount(1);
  await page.getByRole('link', { name: /Globex Europe/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Globex Europe' })).toBeVisible();

  const org = JSON.parse(k.cli(['org', 'list', '--search', 'globex', '--json']).stdout)[0];
  const old = k.currentApiKey(org.id);
  await page.getByRole('button', { name: 'Rotate API key' }).click();
  await page.getByRole('dialog', { name: 'Rotate the API key?' }).getByRole('button', { name: 'Rotate API key' }).click();
  const fresh = await secret(page, 'New API key');
  expect(k.currentApiKey(org.id)).toBe(fresh);
  const apps = (key: string) =>
    k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(k.admin.username, k.admin.serviceKey, key)).status;
  expect(apps(old)).toBe(401);
  expect(apps(fresh)).toBe(200);

  await page.getByRole('navigation', { name: 'Organization sections' }).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'New API key' }).click();
  const create = page.getByRole('dialog', { name: 'New API key' });
  await create.getByLabel('Name').fill('globex-ci');
  await create.getByRole('button', { name: 'Save API key' }).click();
  const token = await secret(page, 'Token of globex-ci');
  expect(k.curl('POST', '/api/v1/keys/verify', {}, { key: token }).json().org_id).toBe(org.id);
});

test('System Settings > Audit log shows every organization, filtered', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'System Settings');
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByLabel('Action').selectOption({ label: 'Organizations created' });
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows.first()).toContainText('org.create');
  for (const row of await rows.all()) await expect(row).toContainText('org.create');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
});

test('System Settings are not offered to others, and the API refuses them', async ({ page }) => {
  const admin = k.addUser('oa@demo.example', 'admin');
  await signIn(page, k, admin);
  await page.getByRole('button', { name: `User menu for ${admin.username}` }).click();
  await expect(page.getByRole('menuitem', { name: 'System Settings' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.goto(`${k.url}/console/system/security`);
  await expect(page.getByText('System Settings are for system administrators.')).toBeVisible();
  const status = await page.evaluate(async () => (await fetch('/api/v1/system/key-policy')).status);
  expect(status).toBe(403);
});
