// Seed 002: "This value holds the Base64-encoded username and your user service key (not your
// password) ... To get your service key, click on your Organization Settings or System Settings
// dropdown and select API Key. This page will allow you to email yourself the key." User
// Settings > API shows it (masked, Show), rotates it, emails it, and gives the ready
// Authorization value and a curl.
import { expect, test } from '@playwright/test';
import { clipboard, fromUserMenu, revealLink, secret, signIn, valueOf } from './support/console';
import { type Account, Keyward } from './support/keyward';

let k: Keyward;
let ada: Account;
test.beforeAll(async () => {
  k = await Keyward.start();
  ada = k.addUser('ada@demo.example', 'member');
});
test.afterAll(async () => {
  await k?.stop();
});
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const applications = (authorization: string) =>
  k.curl('GET', '/Contrast/api/ng/applications', { Authorization: authorization, 'API-Key': k.currentApiKey(), Accept: 'application/json' })
    .status;

test('the service key, the Authorization value and a curl, ready to copy', async ({ page }) => {
  await signIn(page, k, ada);
  await fromUserMenu(page, ada.username, 'User Settings');
  await expect(page.getByRole('heading', { level: 1, name: 'API' })).toBeVisible();
  const keySection = page.getByRole('region', { name: 'Your service key' });
  await expect(valueOf(keySection, 'Username')).toHaveText(ada.username);
  await expect(valueOf(keySection, 'Service key')).toHaveText(`****${ada.serviceKey.slice(-4)}`);
  await expect(page.locator('pre')).toContainText('<show your service key to fill this in>');

  await page.getByRole('button', { name: 'Copy Authorization value' }).click();
  // The copy follows the reveal's round trip (its audit record is written first): wait for it.
  const authorization = Buffer.from(`${ada.username}:${ada.serviceKey}`).toString('base64');
  await expect.poll(() => clipboard(page)).toBe(authorization);
  await expect(valueOf(keySection, 'Service key')).toHaveText(ada.serviceKey);
  await expect(page.locator('pre')).toContainText(`-H 'Authorization: ${authorization}'`);
  await expect(page.locator('pre')).toContainText(`${k.url}/Contrast/api/ng/applications`);
  expect(applications(authorization)).toBe(200);
});

test('Rotate makes the old service key fail and the new one work', async ({ page }) => {
  await signIn(page, k, ada);
  await page.goto(`${k.url}/console/user/api`);
  const old = Buffer.from(`${ada.username}:${ada.serviceKey}`).toString('base64');
  expect(applications(old)).toBe(200);
  await page.getByRole('button', { name: 'Rotate service key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate your service key?' });
  await expect(dialog).toContainText('get 401 from now on');
  await dialog.getByRole('button', { name: 'Rotate service key' }).click();
  await expect(page.getByText('Your service key was rotated.')).toBeVisible();
  const fresh = (await valueOf(page.getByRole('region', { name: 'Your service key' }), 'Service key').textContent())!;
  expect(fresh).not.toBe(ada.serviceKey);
  expect(applications(old)).toBe(401);
  expect(applications(Buffer.from(`${ada.username}:${fresh}`).toString('base64'))).toBe(200);
  ada = { ...ada, serviceKey: fresh };
});

test('Email me my key sends a one-time link to the service key', async ({ page }) => {
  const before = k.mail().length;
  await signIn(page, k, ada);
  await page.goto(`${k.url}/console/user/api`);
  await page.getByRole('button', { name: 'Email me my key' }).click();
  await expect(page.getByText(`Your service key is on its way to ${ada.username}.`)).toBeVisible();
  const message = (await k.waitForMail(before + 1))[before];
  expect(message.data).toContain('Subject: Your Keyward service key');
  expect(message.data).not.toContain(ada.serviceKey);
  await page.goto(revealLink(message.data));
  expect(await secret(page, 'Your service key')).toBe(ada.serviceKey);
});
