// Sign in and sign out; a wrong password and a locked account look the same; a session that
// ends sends the user to sign in and back to the page they asked for.
import { expect, test } from '@playwright/test';
import { fromUserMenu, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

test('a browser at / is sent to sign in, then into its organization', async ({ page }) => {
  await page.goto(k.url + '/');
  await expect(page).toHaveURL(/\/console\/signin/);
  await page.getByLabel('Username').fill(k.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(k.admin.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${k.url}/console/orgs/${k.org.id}/api`);
  await expect(page.getByRole('heading', { level: 1, name: 'API' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'REST API' })).toBeVisible();
});

test('a wrong password and a locked account get the same message', async ({ page }) => {
  const ada = k.addUser('ada@demo.example', 'member');
  await page.goto(k.url + '/console/signin');
  const attempt = async (password: string) => {
    await page.getByLabel('Username').fill(ada.username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    return (await alert.textContent())!.trim();
  };
  const wrong = await attempt('not her password');
  expect(wrong).toContain('The username or password is wrong');

  // Four more wrong passwords (five from this network) lock the account here; then even the
  // right one fails, from the browser as from curl.
  for (let i = 0; i < 4; i++) {
    expect(k.curl('POST', '/api/v1/session', {}, { username: ada.username, password: 'wrong' }).status).toBe(401);
  }
  expect(k.curl('POST', '/api/v1/session', {}, { username: ada.username, password: ada.password }).status).toBe(401);
  await page.reload();
  const locked = await attempt(ada.password);
  expect(locked).toBe(wrong);
  await expect(page).toHaveURL(/\/console\/signin/);
});

test('signing out ends the session on the server too', async ({ page, context }) => {
  await signIn(page, k, k.admin);
  const cookie = (await context.cookies()).find((c) => c.name === 'keyward_session')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.secure).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  expect(k.curl('GET', '/api/v1/users/me', { Cookie: `keyward_session=${cookie.value}` }).status).toBe(200);

  await fromUserMenu(page, k.admin.username, 'Sign out');
  await expect(page.getByText('You are signed out.')).toBeVisible();
  expect(k.curl('GET', '/api/v1/users/me', { Cookie: `keyward_session=${cookie.value}` }).status).toBe(401);
  await page.goto(k.url + '/console/user/api');
  await expect(page).toHaveURL(/\/console\/signin\?next=%2Fconsole%2Fuser%2Fapi/);
});

test('when the session ends, sign-in leads back to the page asked for', async ({ page, context }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'System Settings');
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Key Management' })).toBeVisible();

  // The session ends behind the page's back (as it does when it expires).
  const cookie = (await context.cookies()).find((c) => c.name === 'keyward_session')!;
  const csrf = await page.evaluate(() => localStorage.getItem('keyward.csrf'));
  expect(k.curl('DELETE', '/api/v1/session', { Cookie: `keyward_session=${cookie.value}`, 'X-CSRF-Token': csrf! }).status).toBe(204);

  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/signin\?next=%2Fconsole%2Fsystem%2Faudit&reason=expired/);
  await expect(page.getByText('Your session has ended.')).toBeVisible();
  await page.getByLabel('Username').fill(k.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(k.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${k.url}/console/system/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
});
