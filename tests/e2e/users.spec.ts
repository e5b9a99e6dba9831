// Organization Settings > Users: an administrator adds a person (who gets a one-time password and
// chooses their own at first sign-in), changes a role, unlocks an account, and removes a member,
// whose service key stops working in the organization at once.
import { expect, test } from '@playwright/test';
import { fromUserMenu, secondBrowser, secret, section, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

const members = () => JSON.parse(k.cli(['member', 'list', '--org', k.org.id, '--json']).stdout).members as any[];
const memberNamed = (username: string) => members().find((m) => m.username === username);

test('the last administrator cannot step down, and the screen says why', async ({ page }) => {
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/users`);
  const row = page.getByRole('row', { name: new RegExp(k.admin.username) });
  await row.getByRole('button', { name: `Actions for ${k.admin.username}` }).click();
  await page.getByRole('menuitem', { name: 'Make member' }).click();
  const dialog = page.getByRole('dialog', { name: `Make ${k.admin.username} a member?` });
  await dialog.getByRole('button', { name: 'Make member' }).click();
  await expect(dialog.getByRole('alert')).toContainText("is the organization's only administrator");
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(memberNamed(k.admin.username).role).toBe('admin');
});

test('a new user gets a one-time password and chooses their own at first sign-in', async ({ page, browser }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'Users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add user' });
  await add.getByLabel('Username').fill('bob@demo.example');
  await add.getByLabel('Role').selectOption('member');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('dialog', { name: 'bob@demo.example was added' })).toContainText('It works for one sign-in');
  const once = await secret(page, 'One-time password of bob@demo.example');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row', { name: /bob@demo\.example/ })).toContainText('Has not signed in yet');
  expect(memberNamed('bob@demo.example').password_change_required).toBe(true);

  const bob = await secondBrowser(browser);
  await bob.goto(`${k.url}/console/`);
  await bob.getByLabel('Username').fill('bob@demo.example');
  await bob.getByLabel('Password', { exact: true }).fill(once);
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await expect(bob.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await bob.getByLabel('New password', { exact: true }).fill('bob chooses this phrase');
  await bob.getByLabel('Repeat the new password').fill('bob chooses something else');
  await bob.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bob.getByRole('alert')).toHaveText('The two new passwords differ; type the same one twice.');
  await bob.getByLabel('Repeat the new password').fill('bob chooses this phrase');
  await bob.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bob.getByRole('button', { name: 'User menu for bob@demo.example' })).toBeVisible();
  await expect(bob.getByRole('heading', { name: 'REST API' })).toBeVisible();
  await bob.context().close();

  expect(memberNamed('bob@demo.example').password_change_required).toBe(false);
  // The one-time password is spent; the chosen one signs in.
  expect(k.curl('POST', '/api/v1/session', {}, { username: 'bob@demo.example', password: once }).status).toBe(401);
  expect(k.curl('POST', '/api/v1/session', {}, { username: 'bob@demo.example', password: 'bob chooses this phrase' }).status).toBe(201);
});

test('a role change takes effect at once', async ({ page }) => {
  const cleo = k.addUser('cleo@demo.example', 'member');
  const rotate = () =>
    k.curl('POST', `/api/v1/orgs/${k.org.id}/agent-key/rotate`, Keyward.contrast(cleo.username, cleo.serviceKey, k.currentApiKey())).status;
  // The command line made cleo in the store; the server learns of her from its journal a moment
  // later (401 until then), and then refuses her as a member.
  await expect.poll(rotate).toBe(403);
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/users`);
  await page.getByRole('button', { name: 'Actions for cleo@demo.example' }).click();
  await page.getByRole('menuitem', { name: 'Make administrator' }).click();
  await page.getByRole('dialog', { name: 'Make cleo@demo.example an administrator?' }).getByRole('button', { name: 'Make administrator' }).click();
  await expect(page.getByText('cleo@demo.example is now an administrator of Demo Organization.')).toBeVisible();
  await expect(page.getByRole('row', { name: /cleo@demo\.example/ })).toContainText('Administrator');
  expect(rotate()).toBe(200);
});

test('an administrator locks a member outright, and unlocking lets them sign in again', async ({ page }) => {
  const dan = k.addUser('dan@demo.example', 'member');
  expect(k.curl('POST', '/api/v1/session', {}, { username: dan.username, password: dan.password }).status).toBe(201);

  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/users`);
  const row = page.getByRole('row', { name: /dan@demo\.example/ });
  await row.getByRole('button', { name: 'Actions for dan@demo.example' }).click();
  await page.getByRole('menuitem', { name: 'Lock', exact: true }).click();
  await page.getByRole('dialog', { name: 'Lock dan@demo.example?' }).getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByText('dan@demo.example is locked until you unlock the account.')).toBeVisible();
  await expect(row).toContainText('Locked until');
  expect(k.curl('POST', '/api/v1/session', {}, { username: dan.username, password: dan.password }).status).toBe(401);
  await row.getByRole('button', { name: 'Actions for dan@demo.example' }).click();
  await page.getByRole('menuitem', { name: 'Unlock' }).click();
  await page.getByRole('dialog', { name: 'Unlock dan@demo.example?' }).getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('dan@demo.example is unlocked and can sign in again.')).toBeVisible();
  await expect(row).toContainText('Active');
  expect(k.curl('POST', '/api/v1/session', {}, { username: dan.username, password: dan.password }).status).toBe(201);
});

test("a removed member's service key stops working in the organization at once", async ({ page }) => {
  const eve = k.addUser('eve@demo.example', 'member');
  const apps = () =>
    k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(eve.username, eve.serviceKey, k.currentApiKey())).status;
  await expect.poll(apps).toBe(200);  // once the server has read eve from its journal
  await signIn(page, k, k.admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/users`);
  await page.getByRole('button', { name: 'Actions for eve@demo.example' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove eve@demo.example from Demo Organization?' });
  await expect(dialog).toContainText('service key stops working');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('eve@demo.example was removed from Demo Organization.')).toBeVisible();
  await expect(page.getByRole('row', { name: /eve@demo\.example/ })).toHaveCount(0);
  expect(apps()).toBe(401);
});

test('adding someone who already has an account is explained in words', async ({ page }) => {
  const other = JSON.parse(k.cli(['org', 'create', '--name', 'Globex', '--json']).stdout);
  k.addUser('gil@globex.example', 'admin', other.id);
  const admin = k.addUser('ann@demo.example', 'admin');
  await signIn(page, k, admin);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/users`);
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add user' });
  await add.getByLabel('Username').fill('gil@globex.example');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByRole('alert')).toContainText('a system administrator can add it to this organization');
  expect(memberNamed('gil@globex.example')).toBeUndefined();
});
