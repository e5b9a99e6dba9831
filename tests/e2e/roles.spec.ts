// What a role may not do is not offered, and the server refuses it anyway: a member sees masked
// keys and no Rotate link; a request forged from the member's session is refused; a session
// without its CSRF token cannot change anything.
import { expect, test } from '@playwright/test';
import { fromUserMenu, signIn, valueOf } from './support/console';
import { type Account, Keyward } from './support/keyward';

let k: Keyward;
let max: Account;
test.beforeAll(async () => {
  k = await Keyward.start();
  max = k.addUser('max@demo.example', 'member');
});
test.afterAll(async () => {
  await k?.stop();
});

test('a member sees masked keys and may email the API key, but is offered no Rotate', async ({ page }) => {
  await signIn(page, k, max);
  await fromUserMenu(page, max.username, 'Organization Settings');
  const rest = page.getByRole('region', { name: 'REST API' });
  await expect(valueOf(rest, 'API Key')).toHaveText('****');
  await expect(valueOf(rest, 'Agent Service Key')).toHaveText('****');
  await expect(page.getByRole('button', { name: /Rotate/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show keys' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /able the API key/ })).toHaveCount(0);
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Email me the current API Key' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Organization Settings' });
  await expect(nav.getByRole('link')).toHaveText(['API', 'API keys']);

  await page.getByRole('button', { name: `User menu for ${max.username}` }).click();
  // The menu is open before anything is said about what it lacks, and before Escape closes it.
  await expect(page.getByRole('menu', { name: `User menu for ${max.username}` })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'System Settings' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: `User menu for ${max.username}` })).toBeFocused();
});

test("a forged request from the member's session is refused and changes nothing", async ({ page }) => {
  const before = k.currentApiKey();
  await signIn(page, k, max);
  const answer = await page.evaluate(async (org) => {
    const r = await fetch(`/api/v1/orgs/${org}/api-key/rotate`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': localStorage.getItem('keyward.csrf')!, Accept: 'application/json' },
    });
    return { status: r.status, body: await r.json() };
  }, k.org.id);
  expect(answer.status).toBe(403);
  expect(answer.body.error.code).toBe('permission_denied');
  const reveal = await page.evaluate(async (org) => (await fetch(`/api/v1/orgs/${org}/credentials?reveal=true`)).status, k.org.id);
  expect(reveal).toBe(403);
  expect(k.currentApiKey()).toBe(before);
});

test('a session without its CSRF token cannot change anything', async ({ page, context }) => {
  const before = k.currentApiKey();
  await signIn(page, k, k.admin);
  const keyId = JSON.parse(k.cli(['key', 'create', '--org', k.org.id, '--name', 'kept', '--kind', 'secret', '--json']).stdout).id;
  const attempts = await page.evaluate(
    async ({ org, key }) => {
      const tries: [string, string][] = [
        ['POST', `/api/v1/orgs/${org}/api-key/rotate`],
        ['POST', `/api/v1/orgs/${org}/api-key/disable`],
        ['DELETE', `/api/v1/orgs/${org}/keys/${key}`],
        ['POST', '/api/v1/users/me/service-key/rotate'],
      ];
      const out = [];
      for (const [method, path] of tries) {
        const r = await fetch(path, { method, headers: { Accept: 'application/json' } });
        out.push({ path, status: r.status, message: (await r.json()).error.message });
      }
      return out;
    },
    { org: k.org.id, key: keyId },
  );
  for (const a of attempts) {
    expect(a.status, a.path).toBe(403);
    expect(a.message).toContain('CSRF token');
  }
  // Outside the browser too: the cookie alone changes nothing.
  const cookie = (await context.cookies()).find((c) => c.name === 'keyward_session')!;
  expect(k.curl('POST', `/api/v1/orgs/${k.org.id}/api-key/rotate`, { Cookie: `keyward_session=${cookie.value}` }).status).toBe(403);

  expect(k.currentApiKey()).toBe(before);
  const keys = JSON.parse(k.cli(['key', 'list', '--org', k.org.id, '--json']).stdout);
  expect(keys.map((x: any) => x.id)).toContain(keyId);
  const creds = JSON.parse(k.cli(['org', 'credentials', '--org', k.org.id, '--json']).stdout);
  expect(creds.api_key_enabled).toBe(true);
});
