// axe-core on every screen of the console, and on its menus and dialogs while open: no serious or
// critical violation of WCAG 2 A/AA or axe's best practices.
import { type Page, expect, test } from '@playwright/test';
import { expectAccessible, fromUserMenu, revealLink, secondBrowser, signIn } from './support/console';
import { type Account, Keyward } from './support/keyward';

let k: Keyward;
let member: Account;
test.beforeAll(async () => {
  k = await Keyward.start();
  member = k.addUser('max@demo.example', 'member');
  k.cli(['key', 'create', '--org', k.org.id, '--name', 'billing-service', '--kind', 'secret']);
});
test.afterAll(async () => {
  await k?.stop();
});

async function screen(page: Page, path: string, heading: string) {
  await page.goto(k.url + path);
  await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible();
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  await expectAccessible(page, path);
}

test('sign-in, and choosing a password', async ({ page }) => {
  await page.goto(k.url + '/console/signin');
  await expectAccessible(page, 'sign in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'sign in, failed');

  const added = JSON.parse(k.cli(['member', 'add', '--org', k.org.id, '--username', 'new@demo.example', '--role', 'member', '--json']).stdout);
  await page.getByLabel('Username').fill('new@demo.example');
  await page.getByLabel('Password', { exact: true }).fill(added.one_time_password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expectAccessible(page, 'choose a password');
});

test('Organization Settings, every section, with its menus and dialogs', async ({ page }) => {
  await signIn(page, k, k.admin);
  const org = `/console/orgs/${k.org.id}`;
  await screen(page, `${org}/api`, 'REST API');
  await page.getByRole('button', { name: `User menu for ${k.admin.username}` }).click();
  await expectAccessible(page, 'user menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Rotate API key' }).click();
  await expectAccessible(page, 'rotate dialog');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByLabel('New API key').fill('bad');
  await expectAccessible(page, 'chosen key with problems');

  await screen(page, `${org}/keys`, 'API keys');
  await page.getByRole('button', { name: 'Actions for billing-service' }).click();
  await expectAccessible(page, 'key menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'New API key' }).click();
  await expectAccessible(page, 'new key dialog');
  await page.getByLabel('Name').fill('ci');
  await page.getByRole('button', { name: 'Save API key' }).click();
  await expect(page.getByRole('dialog', { name: 'ci was created' })).toBeVisible();
  await expectAccessible(page, 'token shown once');
  await page.getByRole('button', { name: 'Done' }).click();

  await screen(page, `${org}/users`, 'Users');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expectAccessible(page, 'add user dialog');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await screen(page, `${org}/agent`, 'Agent configuration');
  await screen(page, `${org}/audit`, 'Audit log');
});

test('User Settings and System Settings', async ({ page }) => {
  await signIn(page, k, k.admin);
  await screen(page, '/console/user/api', 'Your service key');
  await screen(page, '/console/system/api', 'Organizations');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expectAccessible(page, 'create organization dialog');
  await page.getByLabel('Name').fill('Globex');
  await page.getByRole('dialog').getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('dialog', { name: 'Globex was created' })).toBeVisible();
  await expectAccessible(page, 'new organization credentials');
  await page.getByRole('button', { name: 'Done' }).click();
  await screen(page, `/console/system/api?org=${k.org.id}`, 'REST API');
  await screen(page, `/console/system/api?org=${k.org.id}&tab=keys`, 'Keys');
  await screen(page, '/console/system/security', 'Key Management');
  await page.getByRole('group', { name: 'Organization API Key' }).getByLabel('Characters').fill('8');
  await expectAccessible(page, 'key management with a problem');
  await screen(page, '/console/system/audit', 'Audit log');
  await screen(page, '/console/nowhere/at/all', 'Page not found');
});

test("a member's view, and the reveal page", async ({ page, browser }) => {
  await signIn(page, k, member);
  await screen(page, `/console/orgs/${k.org.id}/api`, 'REST API');
  await screen(page, `/console/orgs/${k.org.id}/keys`, 'API keys');
  await fromUserMenu(page, member.username, 'Organization Settings');
  await page.getByRole('button', { name: 'Email me the current API Key' }).click();
  const [message] = await k.waitForMail(1);
  const link = revealLink(message.data);
  await page.goto(link);
  await expect(page.locator('[data-secret]')).toBeVisible();
  await expectAccessible(page, 'reveal');
  await page.goto(link);
  await expect(page.getByText('This link can no longer be used.')).toBeVisible();
  await expectAccessible(page, 'reveal, used');

  const fresh = await secondBrowser(browser);
  await fresh.goto(k.url + '/console/reveal');
  await expect(fresh.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await fresh.context().close();
});
