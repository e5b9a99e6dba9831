// What the specs do in the browser over and over: sign in, open a screen through the user menu,
// read a one-time secret, and check a screen with axe-core.
import { type Browser, type Locator, type Page, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Account, type Keyward, repo } from './keyward';

// A second person's browser (its own cookies and storage), for tests with two people at once.
export async function secondBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return context.newPage();
}

export async function signIn(page: Page, k: Keyward, who: Account, path = '/console/') {
  await page.goto(k.url + path);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `User menu for ${who.username}` })).toBeVisible();
}

// Follows a seed's "User Menu > ..." path: the menu at the top right, then the item.
export async function fromUserMenu(page: Page, username: string, item: string) {
  await page.getByRole('button', { name: `User menu for ${username}` }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

// The section link in a settings area's left navigation.
export async function section(page: Page, name: string) {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

// The value beside `label` in a list of credentials (the REST API section, User Settings).
export function valueOf(scope: Page | Locator, label: string): Locator {
  return scope.locator(`div.value-item:has(> dt:text-is("${label}")) > dd code`).first();
}

// The value of a secret shown once (data-secret names it).
export async function secret(page: Page, label: string): Promise<string> {
  const value = page.locator(`[data-secret="${label}"]`);
  await expect(value).toBeVisible();
  return (await value.textContent())!.trim();
}

export async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

const axeSource = readFileSync(join(repo, 'web', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// axe-core's WCAG 2 A and AA rules on the page as it is now: no serious or critical violation.
// The script is evaluated through the DevTools protocol, which the page's CSP does not govern.
export async function expectAccessible(page: Page, screen: string) {
  await page.evaluate(axeSource);
  const violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] =
    await page.evaluate(async () => {
      const axe = (window as any).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n: any) => ({ target: n.target })),
      }));
    });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${screen}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

// The one-time link in a key email.
export function revealLink(message: string): string {
  const link = message.match(/https:\/\/\S+\/console\/reveal#token=[A-Za-z0-9_-]+/);
  expect(link, message).not.toBeNull();
  return link![0];
}

// Whether a named key verifies, asked as another service would (POST /api/v1/keys/verify).
export function verifies(k: Keyward, token: string): boolean {
  const r = k.curl('POST', '/api/v1/keys/verify', { Accept: 'application/json' }, { key: token });
  expect(r.status).toBe(200);
  return r.json().valid === true;
}
