// Seed 001: "User Menu > System Settings > Security > Key Management ... use the number control
// fields to enter the number of characters required as well as the minimum number of numerals,
// upper case characters and lower case characters ... Repeat these steps in the Application Key
// section. Check the box at the top of the form if you want to Mask invalid IPs on login. Click
// the button to Save." Saving changes what the API reports and what the next key looks like.
import { expect, test } from '@playwright/test';
import { fromUserMenu, secret, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

test('Save changes GET /api/v1/system/key-policy and the next generated API key', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'System Settings');
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  const form = page.getByRole('region', { name: 'Key Management' });
  await expect(form.getByRole('heading', { name: 'Key Management' })).toBeVisible();

  // The box at the top of the form.
  const mask = form.getByLabel(/Mask invalid IPs on login/);
  await expect(form.locator('input').first()).toHaveAttribute('type', 'checkbox');
  await expect(mask).not.toBeChecked();
  await mask.check();

  const org = form.getByRole('group', { name: 'Organization API Key' });
  const app = form.getByRole('group', { name: 'Application Key' });
  // Every problem beside its field, as it is typed; Save waits until there is none.
  await org.getByLabel('Characters').fill('10');
  await expect(org.getByText('Must be a whole number between 16 and 128.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Save' })).toBeDisabled();
  await org.getByLabel('Characters').fill('20');
  await org.getByLabel('Minimum numerals').fill('30');
  await expect(org.getByText('The minimums add up to 34, more than the 20 characters a key has.')).toBeVisible();

  await org.getByLabel('Characters').fill('48');
  await org.getByLabel('Minimum numerals').fill('6');
  await org.getByLabel('Minimum upper case').fill('5');
  await org.getByLabel('Minimum lower case').fill('4');
  await app.getByLabel('Characters').fill('24');
  await app.getByLabel('Minimum numerals').fill('3');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog', { name: 'Save the key policy?' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The key policy was saved.')).toBeVisible();

  const policy = k.curl('GET', '/api/v1/system/key-policy', k.adminHeaders()).json();
  expect(policy.org_api_key).toEqual({ length: 48, min_numerals: 6, min_upper: 5, min_lower: 4 });
  expect(policy.application_key).toEqual({ length: 24, min_numerals: 3, min_upper: 2, min_lower: 2 });
  expect(policy.mask_invalid_ips).toBe(true);

  // The existing 32-character key keeps working, and is listed as no longer complying.
  const report = page.getByRole('region', { name: 'Keys that no longer comply' });
  await expect(report.getByRole('row', { name: /Organization API key/ })).toContainText('must be at least 48 characters long, has 32');

  // The next generated key follows the new policy.
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await page.getByRole('button', { name: 'Rotate API key' }).click();
  await page.getByRole('dialog', { name: 'Rotate the API key?' }).getByRole('button', { name: 'Rotate API key' }).click();
  const key = await secret(page, 'New API key');
  expect(key).toHaveLength(48);
  expect(key.replace(/[^0-9]/g, '').length).toBeGreaterThanOrEqual(6);
  expect(key.replace(/[^A-Z]/g, '').length).toBeGreaterThanOrEqual(5);
  expect(key.replace(/[^a-z]/g, '').length).toBeGreaterThanOrEqual(4);
  expect(key).toMatch(/^[A-Za-z0-9]+$/);

  await fromUserMenu(page, k.admin.username, 'System Settings');
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByText('Every organization API key and application key complies with the policy.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Organization API Key' }).getByLabel('Characters')).toHaveValue('48');
});
