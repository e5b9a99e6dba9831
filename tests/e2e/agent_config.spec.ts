// Seed 000: the agent "comes pre-fitted with a set of randomly generated credentials for your
// organization". Organization Settings > Agent downloads contrast_security.yaml; an agent
// (`keyward agent-demo`) with its values reports to the Engine API. Rotating the agent key makes
// the old file fail, and a new download works again.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fromUserMenu, section, signIn } from './support/console';
import { Keyward } from './support/keyward';

let k: Keyward;
test.beforeAll(async () => {
  k = await Keyward.start();
});
test.afterAll(async () => {
  await k?.stop();
});

interface AgentConfig {
  url: string;
  api_key: string;
  user_name: string;
  service_key: string;
}

// The api section of contrast_security.yaml, whose values Keyward writes as quoted strings.
function parse(yaml: string): AgentConfig {
  const out: Record<string, string> = {};
  for (const m of yaml.matchAll(/^ {2}(url|api_key|user_name|service_key): "([^"\\]*)"$/gm)) out[m[1]] = m[2];
  expect(yaml).toMatch(/^api:$/m);
  return out as unknown as AgentConfig;
}

function agentDemo(c: AgentConfig) {
  return k.cli(
    ['agent-demo', '--url', c.url, '--api-key', c.api_key, '--agent-user', c.user_name, '--agent-key', c.service_key, '--ca-file', k.caFile],
    { dataDir: false },
  );
}

test('the downloaded agent configuration authenticates on the Engine API until the key is rotated', async ({ page }) => {
  await signIn(page, k, k.admin);
  await fromUserMenu(page, k.admin.username, 'Organization Settings');
  await section(page, 'Agent');

  const download = async () => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download agent configuration' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('contrast_security.yaml');
    return parse(readFileSync((await file.path())!, 'utf8'));
  };
  const config = await download();
  await expect(page.getByText('contrast_security.yaml was downloaded.')).toBeVisible();
  expect(config.url).toBe(`${k.url}/Contrast`);
  expect(config.api_key).toBe(k.currentApiKey());
  const creds = JSON.parse(k.cli(['org', 'credentials', '--org', k.org.id, '--reveal', '--json']).stdout);
  expect(config.user_name).toBe(creds.agent_username);
  expect(config.service_key).toBe(creds.agent_service_key);

  const run = agentDemo(config);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('Reported 4 vulnerabilities');

  // The download is in the audit log as a reveal.
  const log = k.curl('GET', `/api/v1/orgs/${k.org.id}/audit?action=org.credentials.reveal`, k.adminHeaders()).json();
  expect(log.events.map((e: any) => e.detail)).toContain('as the agent configuration (contrast_security.yaml)');

  // The command line writes the same file.
  const fromCli = parse(k.cli(['org', 'agent-config', '--org', k.org.id, '--url', k.url]).stdout);
  expect(fromCli).toEqual(config);

  await section(page, 'API');
  await page.getByRole('button', { name: 'Rotate agent service key' }).click();
  await page.getByRole('dialog', { name: 'Rotate the agent service key?' }).getByRole('button', { name: 'Rotate agent service key' }).click();
  await expect(page.getByText(/Download the agent configuration again/)).toBeVisible();
  const stale = agentDemo(config);
  expect(stale.status).not.toBe(0);
  expect(stale.stderr).toContain('401');

  await section(page, 'Agent');
  const fresh = await download();
  expect(fresh.service_key).not.toBe(config.service_key);
  expect(agentDemo(fresh).status).toBe(0);
});

test('a member is not offered the agent configuration, and the API refuses it to them', async ({ page }) => {
  const member = k.addUser('mo@demo.example', 'member');
  await signIn(page, k, member);
  await fromUserMenu(page, member.username, 'Organization Settings');
  await expect(page.getByRole('navigation', { name: 'Organization Settings' }).getByRole('link', { name: 'Agent' })).toHaveCount(0);
  const status = await page.evaluate(async (org) => (await fetch(`/api/v1/orgs/${org}/agent-config`)).status, k.org.id);
  expect(status).toBe(403);
});
