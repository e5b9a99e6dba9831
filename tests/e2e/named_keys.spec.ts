// Seed 004: "Click the New API key button ... Enter the API key's name ... Enter an expiration
// date, if you like ... Click the Save API key button ... Copy the key's token"; "click the
// ellipsis icon beside the key and select Roll"; "... select Delete"; "you can disable that key
// without disabling access to all of your other integrations". Each step is checked by another
// service's question to Keyward: POST /api/v1/keys/verify over HTTPS, or a request with the key.
import { expect, test } from '@playwright/test';
import { clipboard, fromUserMenu, secondBrowser, secret, section, signIn, verifies } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('New API key, its copied token verifies; Roll, both verify; Delete, it fails', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'API keys');

  // Public keys, the organization's Default API Key among them, are shown in full.
  const defaultRow = page.getByRole('row', { name: /Default API Key/ });
  const publicToken = (await defaultRow.locator('code.token').textContent())!;
  expect(publicToken).toMatch(/^kw_pk_/);
  expect(verifies(k, publicToken)).toBe(true);

  await page.getByRole('button', { name: 'New API key' }).click();
  const create = page.getByRole('dialog', { name: 'New API key' });
  await create.getByLabel('Name').fill('billing-service');
  await create.getByLabel(/Secret/).check();
  await create.getByLabel('Expiration date (optional)').fill('2031-01-31');
  await create.getByRole('button', { name: 'Save API key' }).click();

  const shown = page.getByRole('dialog', { name: 'billing-service was created' });
  await expect(shown).toContainText('this is the only time it is shown');
  const token = await secret(page, 'Token of billing-service');
  expect(token).toMatch(/^kw_sk_/);
  await shown.getByRole('button', { name: 'Copy Token of billing-service' }).click();
  expect(await clipboard(page)).toBe(token);
  expect(verifies(k, token)).toBe(true);
  const verified = k.curl('POST', '/api/v1/keys/verify', {}, { key: token }).json();
  expect(verified.org_id).toBe(k.org.id);
  expect(verified.kind).toBe('secret');
  expect(verified.expires_at).toMatch(/^2031-01-31T/);
  await shown.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('row', { name: /billing-service/ });
  await expect(row).toContainText('Secret');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('2031');
  await expect(row).not.toContainText(token);  // secret tokens are never listed

  // Roll, from the ellipsis beside the key; the default grace is 12 hours.
  await row.getByRole('button', { name: 'Actions for billing-service' }).click();
  await page.getByRole('menuitem', { name: 'Roll' }).click();
  const roll = page.getByRole('dialog', { name: 'Roll billing-service?' });
  await expect(roll.getByLabel('The old token keeps working for')).toHaveValue(String(12 * 3600));
  await roll.getByRole('button', { name: 'Roll key' }).click();
  const rolled = page.getByRole('dialog', { name: 'billing-service was rolled' });
  await expect(rolled).toContainText('keeps working for 12 hours');
  const successor = await secret(page, 'Token of billing-service');
  expect(successor).not.toBe(token);
  expect(verifies(k, successor)).toBe(true);
  expect(verifies(k, token)).toBe(true);
  await rolled.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row', { name: /billing-service/ }).filter({ hasText: 'Rolling until' })).toHaveCount(1);

  // Delete the successor, by keyboard this time: the key fails from that moment.
  const active = page.getByRole('row', { name: /billing-service/ }).filter({ hasText: 'Active' });
  await active.getByRole('button', { name: 'Actions for billing-service' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Roll' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Edit controls' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Disable' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete billing-service?' });
  await expect(confirm).toContainText('stops working immediately');
  await confirm.getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText('billing-service was deleted.')).toBeVisible();
  expect(verifies(k, successor)).toBe(false);
  expect(verifies(k, token)).toBe(true);  // the rolled one still has its grace period
});

test('Disable from the ellipsis: that key fails at once, the others work, the row says Disabled; Enable brings it back', async ({
  page,
}) => {
  // Two integrations, each with its own key.
  const made = (name: string) =>
    k.curl('POST', `/api/v1/orgs/${k.org.id}/keys`, k.adminHeaders(), { name, kind: 'secret' }).json();
  const leaked = made('partner-feed');
  const other = made('warehouse-sync');
  const deleted = made('retired');
  expect(k.curl('DELETE', `/api/v1/orgs/${k.org.id}/keys/${deleted.id}`, k.adminHeaders()).status).toBe(204);
  const asKey = (token: string) => k.curl('GET', `/api/v1/orgs/${k.org.id}/keys`, { Authorization: `Bearer ${token}` });
  expect(asKey(leaked.token).status).toBe(200);
  const deletedRefusal = asKey(deleted.token);
  expect(deletedRefusal.status).toBe(401);

  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  const row = page.getByRole('row', { name: /partner-feed/ });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Actions for partner-feed' }).click();
  await expect(page.getByRole('menuitem', { name: 'Enable' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable partner-feed?' });
  await expect(confirm).toContainText('Your other keys keep working');
  await confirm.getByRole('button', { name: 'Disable key' }).click();
  await expect(page.getByText('partner-feed was disabled.')).toBeVisible();

  // The row says so, and another service sees it at once: verify says no, and a request with the
  // key gets the same 401 as a deleted key.
  await expect(row).toContainText('Disabled since');
  expect(verifies(k, leaked.token)).toBe(false);
  const refused = asKey(leaked.token);
  expect(refused.status).toBe(401);
  expect(refused.body).toBe(deletedRefusal.body);
  expect(verifies(k, other.token)).toBe(true);
  expect(asKey(other.token).status).toBe(200);
  await expect(page.getByRole('row', { name: /warehouse-sync/ })).toContainText('Active');
  const listed = k.curl('GET', `/api/v1/orgs/${k.org.id}/keys/${leaked.id}`, k.adminHeaders()).json();
  expect(listed.status).toBe('disabled');
  expect(listed.disabled_at).toMatch(/^\d{4}-/);

  // A disabled key offers Enable, and no Roll or Disable; after a reload it is still disabled.
  await page.reload();
  await row.getByRole('button', { name: 'Actions for partner-feed' }).click();
  await expect(page.getByRole('menuitem', { name: 'Roll' })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: 'Disable' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Enable' }).click();
  const enable = page.getByRole('dialog', { name: 'Enable partner-feed?' });
  await expect(enable).toContainText('with the same token');
  await enable.getByRole('button', { name: 'Enable key' }).click();
  await expect(page.getByText('partner-feed was enabled.')).toBeVisible();
  await expect(row).toContainText('Active');
  await expect(row).not.toContainText('Disabled');
  expect(verifies(k, leaked.token)).toBe(true);
  expect(asKey(leaked.token).status).toBe(200);
});

test("a key's own controls are shown beside its name", async ({ page }) => {
  const made = k.curl('POST', `/api/v1/orgs/${k.org.id}/keys`, k.adminHeaders(), {
    name: 'metered',
    kind: 'secret',
    scopes: ['invoices:read'],
    rate_limits: [{ limit: 100, window_seconds: 1 }],
    credits: { remaining: 50 },
    allowed_ips: ['127.0.0.0/8'],
  });
  expect(made.status).toBe(201);
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'API keys');
  const row = page.getByRole('row', { name: /metered/ });
  await expect(row).toContainText('invoices:read · 100 per second · 50 credits · from 127.0.0.0/8');
  // Spending shows: one verification from an allowed address, and the count is one lower.
  const spent = k.curl('POST', '/api/v1/keys/verify', {}, { key: made.json().token, client_ip: '127.0.0.1' });
  expect(spent.json().credits_remaining).toBe(49);
  await page.reload();
  await expect(page.getByRole('row', { name: /metered/ })).toContainText('49 credits');
});

test('a member sees a disabled key as Disabled and is offered nothing', async ({ page }) => {
  const key = k.curl('POST', `/api/v1/orgs/${k.org.id}/keys`, k.adminHeaders(), { name: 'paused', kind: 'secret' }).json();
  expect(k.curl('POST', `/api/v1/orgs/${k.org.id}/keys/${key.id}/disable`, k.adminHeaders()).status).toBe(200);
  const member = k.addUser('milo@demo.example', 'member');
  await signIn(page, k, member);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  await expect(page.getByRole('row', { name: /paused/ })).toContainText('Disabled');
  await expect(page.getByRole('button', { name: /^Actions for/ })).toHaveCount(0);
});

test('a public key needs no expiry, and a member sees keys without being offered changes', async ({ page, browser }) => {
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  await page.getByRole('button', { name: 'New API key' }).click();
  const create = page.getByRole('dialog', { name: 'New API key' });
  await create.getByLabel('Name').fill('website widget');
  await create.getByLabel(/Public/).check();
  await create.getByRole('button', { name: 'Save API key' }).click();
  const token = await secret(page, 'Token of website widget');
  expect(token).toMatch(/^kw_pk_/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row', { name: /website widget/ }).locator('code.token')).toHaveText(token);
  await expect(page.getByRole('row', { name: /website widget/ })).toContainText('Never');

  const member = k.addUser('mia@demo.example', 'member');
  const other = await secondBrowser(browser);
  await signIn(other, k, member);
  await other.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  await expect(other.getByRole('row', { name: /website widget/ })).toBeVisible();
  await expect(other.getByRole('button', { name: 'New API key' })).toHaveCount(0);
  await expect(other.getByRole('button', { name: /^Actions for/ })).toHaveCount(0);
  await other.context().close();
});

test('a name is required, and an expiration date in the past is refused in words', async ({ page }) => {
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  await page.getByRole('button', { name: 'New API key' }).click();
  const create = page.getByRole('dialog', { name: 'New API key' });
  await create.getByRole('button', { name: 'Save API key' }).click();
  await expect(create.getByRole('alert')).toHaveText('Give the key a name, so you can tell it from your other keys.');
  await create.getByLabel('Name').fill('too late');
  await create.getByLabel('Expiration date (optional)').fill('2020-01-01');
  await create.getByRole('button', { name: 'Save API key' }).click();
  await expect(create.getByRole('alert')).toHaveText('Choose an expiration date in the future, or none.');
  await create.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row', { name: /too late/ })).toHaveCount(0);
});
