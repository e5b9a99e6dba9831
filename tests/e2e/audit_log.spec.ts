// Organization Settings > Audit log: every credential operation, filtered by kind and outcome and
// read a page at a time, newest first.
import { expect, test } from '@playwright/test';
import { fromUserMenu, section, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

test('the audit log is filtered and paged', async ({ page }) => {
  let retired = '';
  for (let i = 0; i < 27; i++) {
    retired = k.currentApiKey();
    expect(k.cli(['org', 'api-key', 'rotate', '--org', k.org.id]).status).toBe(0);
  }
  // A client still presenting the key rotated away is refused, and the log says why.
  const refused = () =>
    k.curl('GET', '/Contrast/api/ng/applications', Keyward.contrast(k.admin.username, k.admin.serviceKey, retired)).status;
  await expect.poll(refused).toBe(401);

  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'Audit log');
  const rows = page.getByRole('table').locator('tbody tr');
  await page.getByLabel('Action').selectOption({ label: 'Organization API key' });
  await expect(rows).toHaveCount(25);
  for (const row of await rows.all()) await expect(row).toContainText('org.api_key.rotate');
  await expect(page.getByText('Page 1')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Newer' })).toBeDisabled();

  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page.getByText('Page 2')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Older' })).toBeDisabled();
  await page.getByRole('button', { name: 'Newer' }).click();
  await expect(rows).toHaveCount(25);

  await page.getByLabel('Action').selectOption({ label: 'Failed authentication' });
  await page.getByLabel('Outcome').selectOption({ label: 'Failure' });
  await expect(rows.first()).toContainText('auth.failure');
  await expect(rows.first()).toContainText('rotated API key');

  await page.getByLabel('Outcome').selectOption({ label: 'Denied' });
  await expect(page.getByText('No records match.')).toBeVisible();
});
