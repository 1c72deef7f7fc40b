import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../helpers/browser.ts';
import type { TestApp } from '../helpers/app.ts';

let app: BrowserApp;
let t: TestApp;
let base: string;
let browser: Browser;
let shot: BrowserApp['shot'];

beforeAll(async () => {
  app = await startBrowserApp();
  ({ t, base, browser, shot } = app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page as it is; returns the serious and critical violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  // A string, run in the page: this file is type-checked without the DOM library.
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })))`)) as {
    id: string;
    impact: string | null;
    targets: string[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(' ')}`);
}

/** Fails with the page's name when axe finds serious or critical problems there. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
}

/** Console warnings from the chart library (e.g. a Vega-Lite version mismatch). */
function watchChartWarnings(context: BrowserContext, warnings: string[]): void {
  context.on('console', (message) => {
    if (message.type() === 'warning' && /vega/i.test(message.text())) warnings.push(message.text());
  });
}

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('a-good-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your databases' }).waitFor();
}

let connectionId = '';

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
    await expectAccessible(page, 'the connections page');
    await page.getByRole('button', { name: 'Try the demo database' }).click();
    await page.waitForURL(/\/db\/[^/]+\/general$/);
    connectionId = new URL(page.url()).pathname.split('/')[2]!;
    await expect.poll(() => page.title()).toMatch(/^General · Demo: .* · AskDB$/); // set once the connection has loaded
    await page.locator('.badge-good', { hasText: 'ready' }).first().waitFor({ timeout: 90_000 });
    await shot(page, '02-demo-ready');
    await expectAccessible(page, 'the General tab');

    await page.getByRole('tab', { name: 'Intelligence' }).click();
    await page.locator('article.card h3').first().waitFor();
    expect(await page.locator('.badge-categorical').count()).toBeGreaterThan(3);
    await page.getByLabel('Search tables, columns and values').fill('payment method');
    await page.locator('li', { hasText: 'payments' }).first().waitFor();
    await shot(page, '02b-intelligence');
    await expectAccessible(page, 'the Intelligence tab');
    await page.getByLabel('Search tables, columns and values').fill('qqqzzzxx');
    await page.getByText(/No table, column or stored value matches/).waitFor();
    await shot(page, '02c-intelligence-no-match');
    await page.getByRole('button', { name: 'show every table' }).click();

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
    await expectAccessible(page, 'the Chat tab with an answer');
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
    const signUp = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username: 'ui_chatter', email: 'ui_chatter@example.com', password: 'a-good-password' },
    });
    expect(signUp.statusCode).toBe(201);
    const ownerLogin = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'ui_owner', password: 'a-good-password' },
      })
    ).json();
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
    await chatter.getByRole('tab', { name: 'Chat' }).click();
    await chatter.locator('.suggestions .chip').first().click();
    await chatter.locator('article.message').first().waitFor({ timeout: 30_000 });
    await chatter.getByText('Editing SQL needs view permission').waitFor();
    expect(await chatter.getByRole('button', { name: 'Edit SQL' }).count()).toBe(0);
    await shot(chatter, '08b-chat-permission-no-sql-editing');
    await phone.close();

    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it("walks the analyst's loop: deep links, keyboard asking, the SQL workbench, refusals, follow-ups, settings", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const chartWarnings: string[] = [];
    watchCsp(context, problems);
    watchChartWarnings(context, chartWarnings);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, 'ui_owner');

    // Tabs follow the WAI-ARIA pattern: arrows, Home and End move and select, and the address follows.
    await page.goto(`${base}/db/${connectionId}/general`);
    const general = page.getByRole('tab', { name: 'General' });
    await general.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${base}/db/${connectionId}/chat`);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Chat');
    await page.keyboard.press('End');
    await page.waitForURL(`${base}/db/${connectionId}/settings`);
    await page.keyboard.press('Home');
    await page.waitForURL(`${base}/db/${connectionId}/general`);
    await page.goBack();
    await page.waitForURL(`${base}/db/${connectionId}/settings`);
    await page.goto(`${base}/db/${connectionId}/chat`);

    // Ask twice with the keyboard only: focus comes back to the question box after each answer.
    const box = page.getByLabel('Your question');
    await box.focus();
    await page.keyboard.type('How many orders per status?');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/db/${connectionId}/chat/[0-9a-f-]{36}$`));
    const answers = page.locator('article.message');
    await answers.first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('placeholder')"))
      .toMatch(/Ask a question/);
    await page.keyboard.type('How many customers are there?');
    await page.keyboard.press('Enter');
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(2);
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('placeholder')"))
      .toMatch(/Ask a question/);
    const chatUrl = page.url();
    await expect.poll(() => page.title()).toMatch(/^How many orders per status\? · Chat · Demo: .* · AskDB$/);
    expect(await answers.first().locator('tbody td.num').first().textContent()).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?$/);
    expect(await answers.first().locator('thead th').allTextContents()).not.toContain('number_of_orders');
    await shot(page, 'loop-01-asked-twice-by-keyboard');

    // Follow-ups under the last answer.
    const nextGroup = page.getByRole('group', { name: 'Ask next' });
    await nextGroup.waitFor();
    const followUps = await nextGroup.getByRole('button').count();
    expect(followUps).toBeGreaterThanOrEqual(2);
    expect(followUps).toBeLessThanOrEqual(3);

    // Deep link to the chat, reload: the same chat.
    await page.reload();
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(2);
    expect(page.url()).toBe(chatUrl);
    const deep = await context.newPage();
    await deep.goto(chatUrl);
    await deep.locator('article.message').nth(1).waitFor();
    expect(await deep.locator('article.message').first().textContent()).toContain('How many orders per status?');
    await shot(deep, 'loop-02-deep-link-to-chat');
    await deep.close();

    // The SQL workbench: a broken edit shows its error in place of the result; the fix becomes the answer.
    const first = answers.first();
    await first.getByRole('button', { name: 'Edit SQL' }).click();
    const editor = first.getByLabel('Edit the SQL');
    await editor.fill('SELECT status, count(*) AS number_of_orders FROM orderz GROUP BY status');
    await first.getByRole('button', { name: 'Run' }).click();
    await first.locator('.draft-error').waitFor();
    expect(await first.locator('.draft-error').textContent()).toMatch(/orderz/);
    expect(await first.locator('table').count()).toBe(0);
    await shot(page, 'loop-03-sql-error-in-place');
    await editor.fill('SELECT status, count(*) AS number_of_orders FROM orders GROUP BY status ORDER BY status');
    await first.getByRole('button', { name: 'Run' }).click();
    await first.locator('.draft table tbody tr').first().waitFor();
    await first.locator('.draft [data-testid="chart"] svg').waitFor({ timeout: 20_000 });
    await shot(page, 'loop-04-sql-fixed');
    await first.getByRole('button', { name: 'Use as answer' }).click();
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(3);
    await page.waitForURL(/#m-[0-9a-f-]{36}$/);
    const kept = answers.nth(2);
    await kept.locator('[data-testid="chart"] svg').waitFor({ timeout: 20_000 });
    expect(await kept.textContent()).toContain('SQL written by hand');
    const examples = await t.app.inject({
      method: 'GET',
      url: `/chat/${connectionId}/examples`,
      headers: {
        authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ui_owner', password: 'a-good-password' } })).json().access_token}`,
      },
    });
    expect(examples.json().some((e: { sql: string }) => e.sql.includes('ORDER BY status'))).toBe(true);
    await shot(page, 'loop-05-used-as-answer');
    await expectAccessible(page, 'a chat with an edited answer');

    // A refusal names what comes closest and offers questions that work; its button asks one.
    await box.focus();
    await page.keyboard.type('How many shoppers per city?');
    await page.keyboard.press('Enter');
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(4);
    const refusal = answers.nth(3);
    await refusal.getByText('Closest tables and columns').waitFor();
    const tryInstead = refusal.getByRole('group', { name: 'Try instead' }).getByRole('button').first();
    const rephrased = (await tryInstead.textContent())!;
    await shot(page, 'loop-06-refusal-with-buttons');
    await expectAccessible(page, 'a refusal');
    await tryInstead.click();
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(5);
    expect(await answers.nth(4).locator('.question').textContent()).toBe(rephrased);
    await answers.nth(4).locator('table tbody tr').first().waitFor();
    await shot(page, 'loop-07-rephrased-question-answered');

    // A clarification: each reading is a button that asks it in the same chat.
    await box.focus();
    await page.keyboard.type('average price of products in each category');
    await page.keyboard.press('Enter');
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(6);
    const readings = answers.nth(5).getByRole('group', { name: 'Which do you mean?' }).getByRole('button');
    await readings.first().waitFor();
    expect(await readings.count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'loop-07b-clarify-with-readings');
    await expectAccessible(page, 'a clarification');
    await readings.last().click();
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(7);
    await answers.nth(6).locator('table tbody tr').first().waitFor();
    expect(await answers.nth(6).textContent()).toContain('You picked this reading of the question.');

    // Offline: a retry button, then the question is asked again.
    await context.setOffline(true);
    await box.focus();
    await page.keyboard.type('How many stores are there?');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ask again' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'could not be reached' }).count()).toBe(1);
    await shot(page, 'loop-08-offline-retry');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Ask again' }).click();
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(8);

    // Which engine answered, and how to connect an LLM.
    await answers.nth(7).getByRole('link', { name: 'connect an LLM for harder questions' }).click();
    await page.waitForURL(`${base}/settings/answering`);
    await page.getByText('In use:').waitFor();
    expect(await page.locator('main').textContent()).toContain('the built-in engine');
    await expect.poll(() => page.title()).toBe('Answering · Settings · AskDB');
    await shot(page, 'loop-09-settings-answering');
    await expectAccessible(page, 'Settings → Answering');
    await page.goBack();
    await page.waitForURL((url) => url.pathname === new URL(chatUrl).pathname);

    // Settings test the values in the form; a change clears the old message.
    await page.goto(`${base}/db/${connectionId}/settings`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/^Connected:/).waitFor();
    // The demo answers to any database name, so the edit points at a port where nothing listens.
    await page.getByRole('spinbutton', { name: 'Port' }).fill('1');
    expect(await page.getByText(/^Connected:/).count()).toBe(0);
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const verdict = page
      .locator('[aria-live="polite"]')
      .getByText(/Could not connect/)
      .first();
    await verdict.waitFor();
    await shot(page, 'loop-10-settings-test-typed-values');
    await expectAccessible(page, 'the Settings tab');

    // Deleting a chat asks first.
    await page.goto(chatUrl);
    await page.getByRole('button', { name: /^Delete chat “How many orders per status\?”/ }).click();
    await page.getByRole('group', { name: 'Delete this chat and its answers?' }).waitFor();
    await shot(page, 'loop-11-confirm-delete');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // The favicon and the owner's list of public links.
    const favicon = await page.request.get(`${base}/favicon.ico`);
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toMatch(/svg/);
    await page.getByRole('button', { name: 'Share this chat' }).click();
    await page.goto(`${base}/db/${connectionId}/general`);
    const links = page.getByRole('region', { name: 'Public links to chats' });
    await links.getByText('How many orders per status?').waitFor();
    await links.getByRole('button', { name: /Revoke the public link/ }).click();
    await links.getByRole('button', { name: 'Revoke', exact: true }).click();
    await links.getByText('No chat of this database is shared by link.').waitFor();
    await shot(page, 'loop-12-public-links-revoked');

    await context.close();
    expect(problems).toEqual([]);
    expect(chartWarnings).toEqual([]);
  }, 240_000);

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
    await expectAccessible(page, 'Settings → Access tokens');
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
