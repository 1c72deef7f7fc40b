import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedShop } from '../chat/helpers.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { startFakeLlm, type FakeLlm, type ScriptStep } from '../helpers/fake-llm.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';

/** What a small model answers: prose around a fenced JSON list, one good term and three that fail a check. */
const proposals = [
  'Here are some more terms for this database:',
  '```json',
  JSON.stringify({
    terms: [
      {
        name: 'big orders',
        synonyms: ['large orders', 'big orders'],
        kind: 'filter',
        expression: 'orders.total_amount > 100',
        table: 'orders',
        description: 'Orders above 100.',
        reason: 'Order size is a common cut.',
      },
      { name: 'orders by city', kind: 'measure', expression: 'count(orders.city)', table: 'orders' },
      { name: 'Number of orders', kind: 'measure', expression: 'count(*)', table: 'orders' },
      { name: 'paid share', kind: 'filter', expression: 'orders.total_amount', table: 'orders' },
    ],
  }),
  '```',
].join('\n');

for (const flavor of ['ollama', 'openai'] as const) {
  describe(`business terms proposed by a language model (${flavor})`, () => {
    let llm: FakeLlm;
    let t: TestApp;
    let shop: ScratchDatabase;
    let connectionId: string;
    let owner: Awaited<ReturnType<typeof signUp>>;
    const script: ScriptStep[] = [];

    beforeAll(async () => {
      const next = () => script.shift() ?? { status: 500, body: 'script exhausted' };
      llm = await startFakeLlm({ flavor, script: Array.from({ length: 50 }, () => next as ScriptStep) });
      const env: Record<string, string> =
        flavor === 'ollama'
          ? { LLM_PROVIDER: 'ollama', OLLAMA_BASE_URL: llm.url, OLLAMA_MODEL: 'qwen2.5:3b' }
          : {
              LLM_PROVIDER: 'openai',
              OPENAI_BASE_URL: llm.url,
              OPENAI_MODEL: 'local-model',
              OPENAI_API_KEY: 'sk-test-key-123',
            };
      t = await startApp({ ...env, LLM_TIMEOUT_MS: '2000' });
      owner = await signUp(t.app, `terms_llm_${flavor}`);
      ({ db: shop, connectionId } = await connectedShop(t, owner));
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await llm?.close();
      await shop?.drop();
    });

    const propose = () =>
      t.app.inject({ method: 'POST', url: `/intelligence/${connectionId}/terms/propose`, headers: owner.headers });
    const terms = async () =>
      (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/terms`, headers: owner.headers })).json()
        .items as { name: string; status: string; reason: string; synonyms: string[] }[];

    it('keeps what passes the checks as proposals and says why the rest failed', async () => {
      // Analysis alone never calls the model.
      expect(llm.chatCalls()).toHaveLength(0);
      script.push({ text: proposals });
      const response = await propose();
      expect(response.statusCode, response.body).toBe(200);
      const { items, refused } = response.json();
      const model = flavor === 'ollama' ? 'qwen2.5:3b' : 'local-model';
      expect(items).toEqual([
        expect.objectContaining({
          name: 'big orders',
          kind: 'filter',
          expression: 'orders.total_amount > 100',
          status: 'proposed',
          origin: 'proposed',
          synonyms: ['large orders'],
          reason: `Proposed by the language model (${model}): Order size is a common cut.`,
        }),
      ]);
      expect(refused).toEqual([
        { name: 'orders by city', message: expect.stringMatching(/orders has no column "city"/) },
        { name: 'Number of orders', message: 'a term with this name exists already' },
        { name: 'paid share', message: expect.stringMatching(/boolean/) },
      ]);
      // The model saw the schema, its stored values and the names already taken, and was asked for JSON.
      const [call] = llm.chatCalls();
      const sent = JSON.stringify(call!.body);
      expect(sent).toContain('TABLE orders');
      expect(sent).toMatch(/status text.*values: 'cancelled'|values: [^)]*'cancelled'/);
      expect(sent).toContain('number of orders');
      expect(flavor === 'ollama' ? call!.body.format : call!.body.response_format).toBeTruthy();
    });

    it("keeps a model's proposal across re-analysis while its SQL still checks", async () => {
      const connection = async () =>
        (await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers })).json();
      const analysed = (await connection()).last_analyzed_at;
      expect(
        (await t.app.inject({ method: 'POST', url: `/connections/${connectionId}/reanalyze`, headers: owner.headers }))
          .statusCode,
      ).toBe(202);
      await expect
        .poll(
          async () => {
            const c = await connection();
            return c.status === 'ready' && c.last_analyzed_at !== analysed;
          },
          { timeout: 30_000, interval: 100 },
        )
        .toBe(true);
      expect((await terms()).find((x) => x.name === 'big orders')).toMatchObject({ status: 'proposed' });
    });

    it("answers an unreadable reply with the model's error and keeps nothing", async () => {
      const before = (await terms()).length;
      script.push({ text: 'Sorry, I cannot help with that.' });
      const response = await propose();
      expect(response.statusCode).toBe(502);
      expect(response.json().error.code).toBe('llm_bad_response');
      expect(await terms()).toHaveLength(before);
    });
  });
}

describe('business terms proposed by a language model, without one', () => {
  let t: TestApp;
  let shop: ScratchDatabase;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
    await shop?.drop();
  });

  it('are refused with 409 when none is configured', async () => {
    const owner = await signUp(t.app);
    const connected = await connectedShop(t, owner);
    shop = connected.db;
    const response = await t.app.inject({
      method: 'POST',
      url: `/intelligence/${connected.connectionId}/terms/propose`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/No language model is configured/);
  });
});
