// Seeds 000 and 001: "User Menu > Organization Settings > API tab ... view the Organization UUID and
// Agent Username as well as the API and Agent Service keys. Rotate the keys by clicking the links
// provided for each." Every change is checked from outside the browser, with curl over HTTPS.
import { type Page, expect, test } from '@playwright/test';
import { fromUserMenu, secret, signIn, valueOf } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

async function openApiTab(page: Page) {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await expect(page.getByRole('heading', { name: 'REST API' })).toBeVisible();
}

const applications = (apiKey: string) =>
  k.curl('GET', '/Contrast/api/ng/applications', {
    ...Keyward.contrast(k.admin.username, k.admin.serviceKey, apiKey),
  }).status;

test('the REST API section shows the credentials masked until an administrator shows them', async ({ page }) => {
  await openApiTab(page);
  const apiKey = k.currentApiKey();
  const section = page.getByRole('region', { name: 'REST API' });
  await expect(valueOf(section, 'Organization UUID')).toHaveText(k.org.id);
  await expect(valueOf(section, 'Agent Username')).toHaveText(/^agent_/);
  await expect(valueOf(section, 'API Key')).toHaveText(`****${apiKey.slice(-4)}`);
  await expect(valueOf(section, 'Agent Service Key')).toHaveText(/^\*\*\*\*/);
  await section.getByRole('button', { name: 'Show keys' }).click();
  await expect(valueOf(section, 'API Key')).toHaveText(apiKey);
});

test('Rotate API key says who will fail, then the old key gets 401 and the new one 200', async ({ page }) => {
  await openApiTab(page);
  const old = k.currentApiKey();
  expect(applications(old)).toBe(200);
  await page.getByRole('button', { name: 'Rotate API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the API key?' });
  await expect(dialog).toContainText('stops working at once');
  await expect(dialog).toContainText('the organization\'s agents');
  await expect(dialog).toContainText('contrast_security.yaml');
  await dialog.getByRole('button', { name: 'Rotate API key' }).click();
  await expect(page.getByText('The API key was rotated. The previous key no longer works.')).toBeVisible();
  const fresh = await secret(page, 'New API key');
  expect(fresh).not.toBe(old);
  expect(applications(old)).toBe(401);
  expect(applications(fresh)).toBe(200);
  await expect(valueOf(page.getByRole('region', { name: 'REST API' }), 'API Key')).toHaveText(`****${fresh.slice(-4)}`);
});

test('Rotate agent service key warns that downloaded configurations must be fetched again', async ({ page }) => {
  await openApiTab(page);
  await page.getByRole('button', { name: 'Rotate agent service key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the agent service key?' });
  await expect(dialog).toContainText('download the configuration again');
  await dialog.getByRole('button', { name: 'Rotate agent service key' }).click();
  const agentKey = await secret(page, 'New agent service key');
  const creds = JSON.parse(k.cli(['org', 'credentials', '--org', k.org.id, '--reveal', '--json']).stdout);
  expect(creds.agent_service_key).toBe(agentKey);
});

test('the API key is a layer for agents: disabled, they authenticate without it; users always need it', async ({ page }) => {
  await openApiTab(page);
  const apiKey = k.currentApiKey();
  const creds = JSON.parse(k.cli(['org', 'credentials', '--org', k.org.id, '--reveal', '--json']).stdout);
  const agentAlone = () =>
    k.curl('GET', '/api/v1/auth', {
      Authorization: Buffer.from(`${creds.agent_username}:${creds.agent_service_key}`).toString('base64'),
    }).status;
  expect(agentAlone()).toBe(401);
  await page.getByRole('button', { name: 'Disable the API key' }).click();
  await page.getByRole('dialog', { name: 'Disable the API key?' }).getByRole('button', { name: 'Disable API key' }).click();
  await expect(page.getByText('The API key is disabled.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'REST API' }).getByText('Disabled', { exact: true })).toBeVisible();
  expect(agentAlone()).toBe(204);
  expect(applications(apiKey)).toBe(200);
  expect(applications('')).toBe(401);
  await page.getByRole('button', { name: 'Enable the API key' }).click();
  await page.getByRole('dialog', { name: 'Enable the API key?' }).getByRole('button', { name: 'Enable API key' }).click();
  await expect(page.getByText('The API key is enabled.')).toBeVisible();
  expect(agentAlone()).toBe(401);
  expect(applications(apiKey)).toBe(200);
});

test('a chosen value shows every broken rule beside the field while it is typed', async ({ page }) => {
  await openApiTab(page);
  const field = page.getByLabel('New API key');
  await field.fill('short-key!');
  const problems = page.locator('#chosen-api-key-problems li');
  await expect(problems).toHaveText([
    'It must be at least 32 characters long, has 10.',
    'It needs at least 2 numerals, has 0.',
    'It needs at least 2 upper-case letters, has 0.',
    'It may contain only letters A-Z, a-z and digits 0-9, has 2 other characters.',
  ]);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save API key' })).toBeDisabled();

  const chosen = 'Chosen0ApiKey1ForTheDemoOrganization2026';
  await field.fill(chosen);
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: 'Save API key' }).click();
  await page.getByRole('dialog', { name: 'Replace the API key with your value?' }).getByRole('button', { name: 'Set API key' }).click();
  await expect(page.getByText('The API key is now the value you chose.')).toBeVisible();
  expect(k.currentApiKey()).toBe(chosen);
  expect(applications(chosen)).toBe(200);
});
