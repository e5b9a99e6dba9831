// Seeds 002 and 003: "Select Organization Settings ... Navigate to the API page. Click either Email
// me the current API Key or Rotate the key and email me a new key." The message arrives at a real
// SMTP sink; its one-time link opens /console/reveal, which shows the key once.
import { expect, test } from '@playwright/test';
import { fromUserMenu, revealLink, secret, signIn } from './support/console';
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

test('Email me the current API Key: the link shows the key once, then says it was used', async ({ page }) => {
  await signIn(page, k, max);
  await fromUserMenu(page, max.username, 'Organization Settings');
  await page.getByRole('button', { name: 'Email me the current API Key' }).click();
  await expect(page.getByText(`The API key is on its way to ${max.username}.`)).toBeVisible();

  const [message] = await k.waitForMail(1);
  expect(message.to).toEqual([max.username]);
  expect(message.data).toContain('Subject: Your Keyward organization API key');
  const apiKey = k.currentApiKey();
  expect(message.data).not.toContain(apiKey);
  const link = revealLink(message.data);
  expect(link.startsWith(k.url + '/console/reveal#token=')).toBe(true);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Your key' })).toBeVisible();
  expect(await secret(page, 'API key of Demo Organization')).toBe(apiKey);
  // The token leaves the address bar (and the history) at once.
  expect(page.url()).toBe(k.url + '/console/reveal');

  await page.goto(link);
  await expect(page.getByText('This link can no longer be used.')).toBeVisible();
  await expect(page.getByText(/It was used already, or it has expired/)).toBeVisible();
  await expect(page.locator('[data-secret]')).toHaveCount(0);
});

test('Rotate the key and email me a new key: the old key fails, the link shows the new one', async ({ page }) => {
  const old = k.currentApiKey();
  const before = k.mail().length;
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await page.getByRole('button', { name: 'Rotate the key and email me a new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the API key and email you the new one?' });
  await expect(dialog).toContainText('stops working at once');
  await dialog.getByRole('button', { name: 'Rotate and email' }).click();
  await expect(page.getByText(/The API key was rotated, and the new one is on its way to/)).toBeVisible();

  const contrast = (key: string) =>
    k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(k.admin.username, k.admin.serviceKey, key)).status;
  expect(contrast(old)).toBe(401);
  const message = (await k.waitForMail(before + 1))[before];
  expect(message.data).toContain('It was rotated first');
  await page.goto(revealLink(message.data));
  const fresh = await secret(page, 'API key of Demo Organization');
  expect(fresh).not.toBe(old);
  expect(fresh).toBe(k.currentApiKey());
  expect(contrast(fresh)).toBe(200);
});

test('a link opened before signing in shows the key after sign-in, never putting the token in a URL', async ({ page }) => {
  const before = k.mail().length;
  const sent = k.curl('POST', `/api/v1/orgs/${k.org.id}/api-key/email`, Keyward.contrast(max.username, max.serviceKey, k.currentApiKey()), {});
  expect(sent.status).toBe(200);
  const link = revealLink((await k.waitForMail(before + 1))[before].data);
  const token = link.split('#token=')[1];
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));

  await page.goto(link);
  await expect(page.getByText('Sign in to see the key your one-time link holds.')).toBeVisible();
  await page.getByLabel('Username').fill(max.username);
  await page.getByLabel('Password', { exact: true }).fill(max.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect(await secret(page, 'API key of Demo Organization')).toBe(k.currentApiKey());
  expect(requested.filter((u) => u.includes(token))).toEqual([]);
});
