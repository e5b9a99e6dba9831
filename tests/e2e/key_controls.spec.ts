// A named key's own controls from the console (docs/api.md, "Per-key controls"): chosen in New API
// key, changed on a live key with Edit controls. Each is checked as another service sees it:
// POST /api/v1/keys/verify over HTTPS, with the scopes and client address it would pass.
import { expect, test } from '@playwright/test';
import { expectAccessible, fromUserMenu, secret, section, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

function verify(token: string, ask: { scopes?: string[]; client_ip?: string } = {}) {
  const r = k.curl('POST', '/api/v1/keys/verify', { Accept: 'application/json' }, { key: token, ...ask });
  expect(r.status).toBe(200);
  return r.json();
}

function keyOf(id: string) {
  const r = k.curl('GET', `/api/v1/orgs/${k.org.id}/keys/${id}`, k.adminHeaders());
  expect(r.status).toBe(200);
  return r.json();
}

test('New API key with scopes, a rate limit, credits and networks: the key verifies within them', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'API keys');
  await page.getByRole('button', { name: 'New API key' }).click();
  const create = page.getByRole('dialog', { name: 'New API key' });
  await create.getByLabel('Name').fill('invoicing');
  await create.getByText('Scopes, rate limits, credits and networks (optional)').click();
  await create.getByLabel('write', { exact: true }).uncheck();
  await create.getByLabel("Your organization's scopes").fill('invoices:read invoices:write');
  await create.getByRole('button', { name: 'Add rate limit' }).click();
  const limit = create.getByRole('group', { name: 'Rate limit 1' });
  await limit.getByLabel('Verifications').fill('3');
  await limit.getByLabel('per', { exact: true }).fill('1');
  await limit.getByLabel('Unit of rate limit 1').selectOption({ label: 'days' });
  await create.getByLabel('Limit the number of verifications').check();
  await create.getByLabel('Credits remaining').fill('100');
  await create.getByRole('checkbox', { name: /^Refill/ }).check();
  await create.getByLabel('Refill to', { exact: true }).fill('100');
  await create.getByLabel('every', { exact: true }).fill('1');
  await create.getByLabel('Unit of the refill interval').selectOption({ label: 'days' });
  await create.getByLabel('Allowed networks').fill('127.0.0.0/8\n2001:db8::/32');
  await create.getByRole('button', { name: 'Save API key' }).click();

  const token = await secret(page, 'Token of invoicing');
  await page.getByRole('dialog', { name: 'invoicing was created' }).getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('row', { name: /invoicing/ });
  await expect(row).toContainText('invoices:read invoices:write · 3 per day · 100 credits · from 2 networks');

  const id = verify(token, { client_ip: '127.0.0.1' }).key_id;
  const made = keyOf(id);
  expect(made.scopes.sort()).toEqual(['invoices:read', 'invoices:write', 'read']);
  expect(made.rate_limits).toEqual([{ limit: 3, window_seconds: 86400 }]);
  expect(made.credits.refill).toEqual({ amount: 100, interval_seconds: 86400 });
  expect(made.allowed_ips).toEqual(['127.0.0.0/8', '2001:db8::/32']);

  // Another service's view: the network, the scopes, then the limit of 3 a day (the first
  // verification above was the first of them; a day's window makes a boundary in between unlikely).
  expect(verify(token, { client_ip: '198.51.100.7' }).code).toBe('ip_not_allowed');
  expect(verify(token, { client_ip: '127.0.0.1', scopes: ['reports:read'] }).code).toBe('insufficient_scope');
  const passed = verify(token, { client_ip: '127.0.0.1', scopes: ['invoices:read'] });
  expect(passed.valid).toBe(true);
  expect(passed.credits_remaining).toBe(98);
  expect(verify(token, { client_ip: '2001:db8::7' }).valid).toBe(true);
  const limited = verify(token, { client_ip: '127.0.0.1' });
  expect(limited.code).toBe('rate_limited');
  expect(limited.retry_after).toBeGreaterThan(0);
});

test('Edit controls: a bad network is refused in words and nothing typed is lost; corrected, it applies at once', async ({
  page,
}) => {
  const made = k.curl('POST', `/api/v1/orgs/${k.org.id}/keys`, k.adminHeaders(), {
    name: 'partner-feed',
    kind: 'secret',
    scopes: ['read', 'write', 'reports:read'],
    credits: { remaining: 10 },
  });
  expect(made.status).toBe(201);
  const { id, token } = made.json();

  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/keys`);
  const row = page.getByRole('row', { name: /partner-feed/ });
  await expect(row).toContainText('reports:read · 10 credits');
  // The key is used while the page is open: the form must not put the count back.
  expect(verify(token).credits_remaining).toBe(9);

  // By keyboard: the ellipsis, down to Edit controls.
  await row.getByRole('button', { name: 'Actions for partner-feed' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Roll' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Edit controls' })).toBeFocused();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: 'Controls of partner-feed' });
  // What the key has, and the organization's other names offered beside read and write.
  await expect(edit.getByLabel('read', { exact: true })).toBeChecked();
  await expect(edit.getByLabel('reports:read')).toBeChecked();
  await expect(edit.getByLabel('Credits remaining')).toHaveValue('10');
  await expectAccessible(page, 'Edit controls');

  await edit.getByLabel('reports:read').uncheck();
  await edit.getByLabel('Other scopes').fill('exports:run');
  await edit.getByRole('button', { name: 'Add rate limit' }).focus();
  await page.keyboard.press('Enter');
  await edit.getByRole('group', { name: 'Rate limit 1' }).getByLabel('Verifications').fill('50');
  await edit.getByLabel('Allowed networks').fill('10.0.0.0/33');
  await edit.getByRole('button', { name: 'Save controls' }).click();

  await expect(edit.getByRole('alert')).toContainText(
    'The allowed network "10.0.0.0/33" must be an address or a network such as "203.0.113.0/24"',
  );
  await expect(edit.getByLabel('Allowed networks')).toHaveValue('10.0.0.0/33');
  await expect(edit.getByLabel('Other scopes')).toHaveValue('exports:run');
  await expect(edit.getByLabel('reports:read')).not.toBeChecked();
  await expect(edit.getByRole('group', { name: 'Rate limit 1' }).getByLabel('Verifications')).toHaveValue('50');
  const unchanged = keyOf(id);
  expect(unchanged.scopes).toContain('reports:read');
  expect(unchanged.allowed_ips).toEqual([]);
  expect(unchanged.rate_limits).toEqual([]);

  await edit.getByLabel('Allowed networks').fill('127.0.0.1');
  await edit.getByRole('button', { name: 'Save controls' }).click();
  await expect(page.getByText('The controls of partner-feed were saved.')).toBeVisible();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('exports:run · 50 per second · 9 credits · from 127.0.0.1/32');

  const changed = keyOf(id);
  expect(changed.scopes.sort()).toEqual(['exports:run', 'read', 'write']);
  expect(changed.rate_limits).toEqual([{ limit: 50, window_seconds: 1 }]);
  expect(changed.credits.remaining).toBe(9);
  expect(verify(token, { client_ip: '127.0.0.1', scopes: ['exports:run'] }).valid).toBe(true);
  expect(verify(token, { client_ip: '127.0.0.1', scopes: ['reports:read'] }).code).toBe('insufficient_scope');
  expect(verify(token, { client_ip: '10.1.1.1' }).code).toBe('ip_not_allowed');
});
