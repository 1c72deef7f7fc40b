import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';

const chromiumPath = '/usr/bin/chromium';
const artifacts = path.resolve('test-artifacts/ui');
let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is missing at ${chromiumPath}: apt-get install -y chromium (.ci/run does it)`);
  execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
  mkdirSync(artifacts, { recursive: true });
  t = await startApp({ DEMO: 'on', DEMO_PORT: '0' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** Collects every Content-Security-Policy violation the browser reports in this context's pages. */
function watchCsp(context: BrowserContext, problems: string[]): void {
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
}

async function register(page: Page, username: string) {
  await page.goto(`${base}/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('a-good-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your databases' }).waitFor();
}

describe('the web UI', () => {
  it('takes a newcomer from sign-up to a charted answer, shares it, and unshares it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    watchCsp(context, problems);

    await register(page, 'ui_owner');
    await shot(page, '01-connections');
    await page.getByRole('button', { name: 'Try the demo database' }).click();
    await page.waitForURL(/\/db\//);
    const connectionId = page.url().split('/db/')[1]!;
    await page.locator('.badge-good', { hasText: 'ready' }).first().waitFor({ timeout: 90_000 });
    await shot(page, '02-demo-ready');

    await page.getByRole('tab', { name: 'Intelligence' }).click();
    await page.locator('article.card h3').first().waitFor();
    expect(await page.locator('.badge-categorical').count()).toBeGreaterThan(3);
    await page.getByLabel('Search tables, columns and values').fill('payment method');
    await page.locator('li', { hasText: 'payments' }).first().waitFor();
    await shot(page, '02b-intelligence');

    await page.getByRole('tab', { name: 'Chat' }).click();
    const chips = page.locator('.suggestions .chip');
    await chips.first().waitFor();
    expect(await chips.count()).toBe(5);
    await shot(page, '03-suggestions');
    const perQuestion = chips.filter({ hasText: / per / }).first();
    const asked = (await perQuestion.textContent())!;
    await perQuestion.click();
    const answer = page.locator('article.message').first();
    await answer.waitFor({ timeout: 30_000 });
    await expect.poll(() => answer.locator('table tbody tr').count()).toBeGreaterThan(1);
    await answer.locator('[data-testid="chart"] svg').waitFor({ timeout: 20_000 });
    expect(await answer.textContent()).toContain(asked);
    await shot(page, '04-answer-with-chart');
    await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await shot(page, '04b-dark-theme');

    await page.getByRole('button', { name: 'Share this chat' }).click();
    const link = await page.getByLabel('Public link').inputValue();
    expect(link).toMatch(/\/share\/[A-Za-z0-9_-]{20,}$/);
    await shot(page, '05-shared');

    const visitor = await browser.newContext();
    watchCsp(visitor, problems);
    const publicPage = await visitor.newPage();
    await publicPage.goto(link);
    await publicPage.getByText(asked).first().waitFor();
    await publicPage.locator('table tbody tr').first().waitFor();
    await shot(publicPage, '06-public-view');

    await page.getByRole('button', { name: 'Stop sharing' }).click();
    await page.getByRole('button', { name: 'Share this chat' }).waitFor();
    await publicPage.reload();
    await publicPage.getByRole('heading', { name: 'Chat not found' }).waitFor();
    await shot(publicPage, '07-unshared');
    await visitor.close();

    // A second person, given chat permission, sees only General and Chat.
    const signUp = await t.app.inject({ method: 'POST', url: '/auth/register', payload: { username: 'ui_chatter', email: 'ui_chatter@example.com', password: 'a-good-password' } });
    expect(signUp.statusCode).toBe(201);
    const ownerLogin = (await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ui_owner', password: 'a-good-password' } })).json();
    const shared = await t.app.inject({
      method: 'POST',
      url: `/connections/${connectionId}/shares`,
      headers: { authorization: `Bearer ${ownerLogin.access_token}` },
      payload: { username: 'ui_chatter', permission: 'chat' },
    });
    expect(shared.statusCode).toBe(201);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    watchCsp(phone, problems);
    const chatter = await phone.newPage();
    await chatter.goto(`${base}/login`);
    await chatter.getByLabel('Username or email').fill('ui_chatter');
    await chatter.getByLabel('Password').fill('a-good-password');
    await chatter.getByRole('button', { name: 'Sign in' }).click();
    await chatter.getByRole('link', { name: /Demo:/ }).click();
    await chatter.getByRole('tab', { name: 'General' }).waitFor();
    expect(await chatter.getByRole('tab').allTextContents()).toEqual(['General', 'Chat']);
    await shot(chatter, '08-chat-permission-phone');
    await phone.close();

    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('shows the API docs under the same security headers', async () => {
    const context = await browser.newContext();
    const problems: string[] = [];
    watchCsp(context, problems);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/docs/`);
    await page.getByRole('heading', { name: /AskDB/ }).waitFor();
    await page.getByText('/auth/login').first().waitFor();
    await shot(page, '09-docs');
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('creates an access token in Settings, shows it once to copy, and revokes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    watchCsp(context, problems);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await register(page, 'ui_tokens');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Access tokens' }).click();
    await page.getByRole('heading', { name: 'Access tokens' }).waitFor();
    await page.getByText('No tokens yet.').waitFor();
    await page.getByLabel('Name').fill('Claude Desktop');
    await page.getByLabel('Expires').selectOption({ label: 'in 30 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const field = page.getByLabel('New access token');
    await field.waitFor();
    const token = await field.inputValue();
    expect(token).toMatch(/^askdb_pat_[A-Za-z0-9_-]{43}$/);
    const row = page.locator('tbody tr', { hasText: 'Claude Desktop' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${token.slice(0, 16)}…`);
    await shot(page, '10-access-token-created');
    const me = () => t.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).json().username).toBe('ui_tokens');

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('New access token').count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke token “Claude Desktop”' }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('No tokens yet.').waitFor();
    expect((await me()).statusCode).toBe(401);
    await shot(page, '11-access-token-revoked');
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
