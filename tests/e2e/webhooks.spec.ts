// Organization Settings > Webhooks: an administrator adds an endpoint (its signing secret shown
// once), sees every delivery try as Keyward made it, and deletes the endpoint. The endpoint is a
// real receiver in this file on loopback (plain http://, which Keyward allows to this machine):
// it refuses the first request so a failed try is listed beside the delivered retry.
import { expect, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clipboard, expectAccessible, fromUserMenu, secondBrowser, secret, section, signIn } from './support/console';
import { Keyward } from './support/keyward';

interface Received {
  headers: Record<string, string>;
  body: string;
  answered: number;
}

let k: Keyward;
let receiver: Server;
let hookUrl = '';
const received: Received[] = [];

test.beforeAll(async () => {
  // Retries 300 ms after a failure, looked for every 100 ms: production's schedule compressed.
  k = await Keyward.start('', '[webhooks]\nretry_delays_ms = [300, 600]\npoll_ms = 100\n');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const answered = received.length === 0 ? 503 : 204;
      received.push({ headers: req.headers as Record<string, string>, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
test.afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await k?.stop();
});
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const listed = () => k.curl('GET', `/api/v1/orgs/${k.org.id}/webhooks`, k.adminHeaders());

// Whether `secret` signed the request, checked as a receiver does (Standard Webhooks).
function signedWith(r: Received, secret: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
    .digest('base64');
  return r.headers['webhook-signature'] === `v1,${mac}`;
}

test('add an endpoint, its secret shown once signs what is sent, every try is listed, then delete it', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'Webhooks');
  await expect(page.getByText('No endpoints yet.')).toBeVisible();
  await expectAccessible(page, 'Webhooks');

  // Plain http:// to another machine is refused in words; what was typed and chosen stays.
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const add = page.getByRole('dialog', { name: 'Add endpoint' });
  await add.getByLabel('URL').fill('http://hooks.example.com/keyward');
  await add.getByLabel('key.created').check();
  await add.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(add.getByRole('alert')).toContainText('The URL must start with https://');
  await expect(add.getByLabel('URL')).toHaveValue('http://hooks.example.com/keyward');
  await expect(add.getByLabel('key.created')).toBeChecked();
  expect(listed().json().webhooks).toEqual([]);

  await add.getByLabel('URL').fill(hookUrl);
  await add.getByRole('button', { name: 'Add endpoint' }).click();
  const shown = page.getByRole('dialog', { name: 'Endpoint added' });
  await expect(shown).toContainText('this is the only time it is shown');
  const signing = await secret(page, 'Signing secret');
  expect(signing).toMatch(/^whsec_/);
  await shown.getByRole('button', { name: 'Copy Signing secret' }).click();
  expect(await clipboard(page)).toBe(signing);
  await shown.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('row', { name: new RegExp(hookUrl) });
  await expect(row).toContainText('key.created');
  // Once: not on the screen, not after a reload, not in the API's listing.
  await expect(page.locator('body')).not.toContainText(signing);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.locator('body')).not.toContainText(signing);
  expect(listed().body).not.toContain(signing);

  // An event: the receiver refuses the first try and takes the retry, both signed with the secret.
  const key = k.curl('POST', `/api/v1/orgs/${k.org.id}/keys`, k.adminHeaders(), { name: 'ci', kind: 'secret' });
  expect(key.status).toBe(201);
  await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
  for (const r of received) {
    expect(JSON.parse(r.body).type).toBe('key.created');
    expect(signedWith(r, signing)).toBe(true);
  }

  // What the administrator sees: the refused try and the delivered one, newest first.
  await row.getByRole('button', { name: `Deliveries to ${hookUrl}` }).click();
  const deliveries = page.getByRole('region', { name: `Deliveries to ${hookUrl}` });
  await expect(deliveries.getByRole('heading', { name: `Deliveries to ${hookUrl}` })).toBeFocused();
  const tries = deliveries.getByRole('row').filter({ hasText: 'key.created' });
  await expect(async () => {
    await deliveries.getByRole('button', { name: 'Refresh' }).click();
    await expect(tries).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(tries.nth(0)).toContainText('Delivered');
  await expect(tries.nth(0)).toContainText('HTTP 204');
  await expect(tries.nth(1)).toContainText('Retrying');
  await expect(tries.nth(1)).toContainText('HTTP 503');
  await expect(tries.nth(1)).toContainText('next try');
  await expectAccessible(page, 'Webhook deliveries');

  await row.getByRole('button', { name: `Delete ${hookUrl}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this endpoint?' });
  await expect(confirm).toContainText('Nothing more is sent');
  await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(page.getByText(`The endpoint ${hookUrl} was deleted.`)).toBeVisible();
  await expect(page.getByText('No endpoints yet.')).toBeVisible();
  await expect(deliveries).toHaveCount(0);
  expect(listed().json().webhooks).toEqual([]);
});

test('a member is not offered Webhooks', async ({ browser }) => {
  const member = k.addUser('mo@demo.example', 'member');
  const page = await secondBrowser(browser);
  await signIn(page, k, member);
  await fromUserMenu(page, member.username, 'Organization Settings');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'API keys' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
  await page.goto(`${k.url}/console/orgs/${k.org.id}/webhooks`);
  await expect(page.getByText('This part of Organization Settings is for administrators of the organization.')).toBeVisible();
  await page.context().close();
});
