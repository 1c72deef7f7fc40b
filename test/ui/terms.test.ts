import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../helpers/browser.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { connectedShop } from '../chat/helpers.ts';
import { startFakeLlm } from '../helpers/fake-llm.ts';

/** Business terms in the browser: live checks while typing, edits, the chat's term chips, and what chat sharees see. */
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

async function register(page: Page, username: string) {
  await page.goto(`${base}/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('a-good-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your databases' }).waitFor();
}

describe('business terms in the web UI', () => {
  it('checks a term while it is typed, adds and edits it, and an answer opens the terms it used', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const checks: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/terms/validate')) checks.push(request.postData() ?? '');
    });

    await register(page, 'terms_owner');
    await page.getByRole('button', { name: 'Try the demo database' }).click();
    await page.waitForURL(/\/db\/[^/]+\/general$/);
    const connectionId = new URL(page.url()).pathname.split('/')[2]!;
    await page.locator('.badge-good', { hasText: 'ready' }).first().waitFor({ timeout: 90_000 });

    await page.getByRole('tab', { name: 'Intelligence' }).click();
    const section = page.getByRole('region', { name: 'Business terms' });
    await section.getByRole('listitem', { name: 'Term revenue' }).waitFor();
    await section.getByText('Add a term').click();
    const form = section.locator('details form').first();
    await form.getByLabel('Name').fill('large orders');
    await form.getByLabel('Kind').selectOption('filter');
    await form.getByLabel('Table').fill('orders');
    const sql = form.getByRole('textbox', { name: /^SQL/ });
    const verdict = form.getByRole('status', { name: 'SQL check' });

    // Typed key by key: one check after the pause, not one per key; the verdict says what is wrong.
    checks.length = 0;
    await sql.pressSequentially('total_amout > 500', { delay: 20 });
    await expect.poll(() => verdict.textContent(), { timeout: 10_000 }).toMatch(/✗ orders has no column "total_amout"/);
    expect(checks.length).toBeLessThanOrEqual(2);
    expect(await sql.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'terms-01-live-check-error');

    await sql.fill('total_amount');
    await expect.poll(() => verdict.textContent(), { timeout: 10_000 }).toMatch(/✗ .*boolean/);
    await sql.fill('total_amount > 500');
    await expect
      .poll(() => verdict.textContent(), { timeout: 10_000 })
      .toBe('✓ Valid: orders.total_amount > 500 on orders');
    await shot(page, 'terms-02-live-check-valid');
    await form.getByRole('button', { name: 'Check and add' }).click();
    await form.getByText('Added "large orders": orders.total_amount > 500').waitFor();
    const added = section.getByRole('listitem', { name: 'Term large orders' });
    await added.waitFor();
    expect(await added.textContent()).toContain('Defined by terms_owner');

    // Edited in place, checked the same way.
    await added.getByRole('button', { name: 'Edit' }).click();
    const edit = added.locator('form');
    await edit.getByRole('textbox', { name: /^SQL/ }).fill('total_amount >= 1000');
    await expect
      .poll(() => edit.getByRole('status', { name: 'SQL check' }).textContent(), { timeout: 10_000 })
      .toMatch(/✓ Valid: orders.total_amount >= 1000/);
    await edit.getByRole('button', { name: 'Check and save' }).click();
    await added.getByText('orders.total_amount >= 1000', { exact: true }).waitFor();
    await shot(page, 'terms-03-edited');

    // An answer through a term shows it as a chip that opens its definition.
    await page.goto(`${base}/db/${connectionId}/chat`);
    await page.getByLabel('Your question').fill('average order value per channel');
    await page.keyboard.press('Enter');
    const answer = page.locator('article.message').first();
    await answer.waitFor({ timeout: 30_000 });
    const chips = answer.getByLabel('Business terms used');
    await chips.getByText('average order value', { exact: true }).click();
    await chips.getByText(/measure on orders: avg\(orders\.total_amount\)/).waitFor();
    await shot(page, 'terms-04-chip-opened');

    // A chat sharee has no Intelligence tab: General lists the accepted terms, read-only.
    const owner = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'terms_owner', password: 'a-good-password' },
      })
    ).json();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/register',
          payload: { username: 'terms_chatter', email: 'terms_chatter@example.com', password: 'a-good-password' },
        })
      ).statusCode,
    ).toBe(201);
    const shared = await t.app.inject({
      method: 'POST',
      url: `/connections/${connectionId}/shares`,
      headers: { authorization: `Bearer ${owner.access_token}` },
      payload: { username: 'terms_chatter', permission: 'chat' },
    });
    expect(shared.statusCode).toBe(201);
    const other = await browser.newContext();
    const chatter = await other.newPage();
    await chatter.goto(`${base}/login`);
    await chatter.getByLabel('Username or email').fill('terms_chatter');
    await chatter.getByLabel('Password').fill('a-good-password');
    await chatter.getByRole('button', { name: 'Sign in' }).click();
    await chatter.getByRole('link', { name: /Demo:/ }).click();
    const readOnly = chatter.getByRole('region', { name: 'Business terms' });
    await readOnly.getByRole('listitem', { name: 'Term large orders' }).waitFor();
    expect(await readOnly.getByRole('button').count()).toBe(0);
    expect(await readOnly.getByText('Add a term').count()).toBe(0);
    expect(await readOnly.getByText('proposed', { exact: true }).count()).toBe(0);
    await shot(chatter, 'terms-05-chat-sharee-reads');
    await other.close();

    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('asks the configured model for more terms and lists what failed its checks', async () => {
    const proposals = {
      terms: [
        {
          name: 'big orders',
          kind: 'filter',
          expression: 'orders.total_amount > 100',
          table: 'orders',
          reason: 'Order size matters.',
        },
        { name: 'orders by city', kind: 'measure', expression: 'count(orders.city)', table: 'orders' },
      ],
    };
    // The health check's ping asks for the model list; the one chat call gets the proposals.
    const llm = await startFakeLlm({
      flavor: 'ollama',
      script: [],
      repeat: (request) =>
        request.path === '/api/tags' ? { models: ['qwen2.5:3b'] } : { text: JSON.stringify(proposals) },
    });
    const withModel = await startApp({ LLM_PROVIDER: 'ollama', OLLAMA_BASE_URL: llm.url, OLLAMA_MODEL: 'qwen2.5:3b' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await withModel.app.listen({ port: 0, host: '127.0.0.1' });
      const address = withModel.app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const owner = await signUp(withModel.app, 'model_terms_owner');
      const { db, connectionId } = await connectedShop(withModel, owner);
      const page = await context.newPage();
      await page.goto(`${url}/login`);
      await page.getByLabel('Username or email').fill('model_terms_owner');
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Your databases' }).waitFor();
      await page.goto(`${url}/db/${connectionId}/intelligence`);
      const section = page.getByRole('region', { name: 'Business terms' });
      await section.getByRole('button', { name: 'Ask the model for more terms' }).click();
      await section.getByText('1 new proposal: big orders.').waitFor();
      await section
        .getByRole('list', { name: 'Proposals that failed their checks' })
        .getByText(/orders by city: orders has no column "city"/)
        .waitFor();
      await section
        .getByRole('listitem', { name: 'Term big orders' })
        .getByText(/Proposed because proposed by the language model \(qwen2\.5:3b\): Order size matters\./)
        .waitFor();
      await shot(page, 'terms-06-model-proposals');
      await db.drop();
    } finally {
      await context.close();
      await withModel.close();
      await llm.close();
    }
  }, 120_000);
});
