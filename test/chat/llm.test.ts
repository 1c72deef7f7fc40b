import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerJson, startFakeLlm, type FakeLlm, type ScriptStep } from '../helpers/fake-llm.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop, parseSse } from './helpers.ts';

const puzzling = 'Tell me about the zorgs of the blorp';

for (const flavor of ['ollama', 'openai'] as const) {
  describe(`chat through ${flavor}`, () => {
    let llm: FakeLlm;
    let t: TestApp;
    let shop: ScratchDatabase;
    let connectionId: string;
    let owner: Awaited<ReturnType<typeof signUp>>;
    const script: ScriptStep[] = [];

    beforeAll(async () => {
      // Every request takes the next answer each test scripts.
      const next = () => script.shift() ?? { status: 500, body: 'script exhausted' };
      llm = await startFakeLlm({ flavor, script: Array.from({ length: 500 }, () => next as ScriptStep) });
      const env: Record<string, string> =
        flavor === 'ollama'
          ? { LLM_PROVIDER: 'ollama', OLLAMA_BASE_URL: llm.url, OLLAMA_MODEL: 'qwen2.5:3b' }
          : {
              LLM_PROVIDER: 'openai',
              OPENAI_BASE_URL: llm.url,
              OPENAI_MODEL: 'local-model',
              OPENAI_API_KEY: 'sk-test-key-123',
            };
      t = await startApp({ ...env, LLM_TIMEOUT_MS: '1000' });
      owner = await signUp(t.app, `llm_${flavor}`);
      ({ db: shop, connectionId } = await connectedShop(t, owner));
    });
    afterAll(async () => {
      await t.close();
      await llm.close();
      await shop.drop();
    });
    afterEach(() => {
      script.length = 0;
    });

    const ask = (question: string, extra: object = {}, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/chat/${connectionId}`,
        headers: { ...owner.headers, ...headers },
        payload: { question, ...extra },
      });
    const chatCalls = () => llm.chatCalls().length;

    it('lets the built-in engine answer confident questions without calling the LLM', async () => {
      const before = chatCalls();
      const answer = (await ask('How many orders per status?')).json();
      expect(answer).toMatchObject({ kind: 'query', engine: 'builtin' });
      expect(chatCalls()).toBe(before);
    });

    it('survives a small model: <think>, fences, a wrong column corrected on retry', async () => {
      const before = chatCalls();
      script.push(
        {
          text: `<think>The user wants zorgs. SELECT * FROM nothing;</think>\n\`\`\`json\n${answerJson({ tables: ['orders'], sql: 'SELECT zorg FROM orders;', rationale: 'guess' })}\n\`\`\``,
        },
        {
          text: `Sure! ${answerJson({ tables: ['orders'], sql: 'SELECT count(*) AS zorgs FROM orders', rationale: 'orders are the closest thing' })}`,
        },
      );
      const response = await ask(puzzling, {}, { accept: 'text/event-stream' });
      const events = parseSse(response.body);
      const steps = events.filter((e) => e.event === 'step').map((e) => e.data.step);
      expect(steps).toEqual([
        'understand',
        'retrieve',
        'generate',
        'check',
        'execute',
        'generate',
        'check',
        'execute',
        'explain',
        'answer',
      ]);
      const answer = events.at(-1)!.data;
      expect(answer).toMatchObject({ kind: 'query', engine: 'llm', rows: [[7]] });
      expect(answer.llm_usage.calls).toBe(2);
      expect(chatCalls() - before).toBe(2);
      const retry = llm.chatCalls().at(-1)!;
      const prompt = JSON.stringify(retry.body);
      expect(prompt).toContain('zorg');
      expect(prompt).toMatch(/does not exist/);
      if (flavor === 'ollama') expect(retry.body.format).toMatchObject({ type: 'object' });
      else {
        expect(retry.headers.authorization).toBe('Bearer sk-test-key-123');
        expect(retry.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'answer' } });
      }
      expect(answer.provenance.tables).toEqual(['orders']);
      expect(answer.explanation).toMatch(/Counting/);
      // The retry shows the tables the failed query used once more, every column included, and the answer says it was corrected.
      const hint = retry.body.messages.at(-1).content as string;
      expect(hint).toContain('The tables it used, with all their columns:\nTABLE orders');
      expect(hint).toMatch(/total_amount numeric/);
      expect(JSON.stringify(answer.provenance.notes)).toMatch(
        /first query failed \(.*column \\"zorg\\" does not exist\); the language model corrected it/,
      );
    });

    it('shows the stored values the question names, date ranges and similar saved examples', async () => {
      // A confirmed answer and a corrected one become examples for later questions.
      const confirmed = (await ask('How many orders per status?')).json();
      await t.app.inject({
        method: 'POST',
        url: `/chat/${connectionId}/messages/${confirmed.message_id}/feedback`,
        headers: owner.headers,
        payload: { correct: true },
      });
      script.push({ text: answerJson({ sql: "SELECT count(*) FROM customers WHERE city = 'Berlin'" }) });
      const answer = (await ask('How many zorgs of orders per status in BERLIN?')).json();
      expect(answer).toMatchObject({ kind: 'query', engine: 'llm' });
      const user = llm.chatCalls().at(-1)!.body.messages[1].content as string;
      expect(user).toMatch(/^ {2}city text -- values: .*'Berlin'/m);
      expect(user).toMatch(/^ {2}order_date date -- from 2023-01-05 to 2024-03-09/m);
      expect(user).toMatch(/^ {2}status text -- values: .*'shipped'/m);
      expect(user).toContain(
        `Examples:\nQ: How many orders per status?\nSQL: ${confirmed.sql.replace(/\s+/g, ' ').trim()}`,
      );
      expect(answer.provenance.examples_used).toEqual(['How many orders per status?']);
    });

    it('asks once more when a query finds no rows, and says the answer was revised', async () => {
      const before = chatCalls();
      script.push(
        { text: answerJson({ sql: "SELECT name FROM customers WHERE city = 'berlin'" }) },
        { text: answerJson({ sql: "SELECT name FROM customers WHERE city = 'Berlin' ORDER BY name" }) },
      );
      const response = await ask('Which zorg customers live in berlin', {}, { accept: 'text/event-stream' });
      const events = parseSse(response.body);
      expect(events.filter((e) => e.event === 'step').map((e) => e.data.step)).toEqual([
        'understand',
        'retrieve',
        'generate',
        'check',
        'execute',
        'generate',
        'check',
        'execute',
        'explain',
        'answer',
      ]);
      const answer = events.at(-1)!.data;
      expect(answer).toMatchObject({ kind: 'query', engine: 'llm', rows: [['Anna'], ['Eve']] });
      expect(chatCalls() - before).toBe(2);
      const hint = llm.chatCalls().at(-1)!.body.messages;
      expect(hint.at(-2)).toMatchObject({ role: 'assistant' });
      expect(hint.at(-1).content).toMatch(/returned no rows, and the question expects some/);
      expect(JSON.stringify(answer.provenance.notes)).toMatch(/found no rows; the language model revised it/);
    });

    it('keeps an empty result the model stands by, and asks only once', async () => {
      const before = chatCalls();
      const empty = "SELECT name FROM customers WHERE city = 'Zorgville'";
      script.push({ text: answerJson({ sql: empty }) }, { text: answerJson({ sql: empty }) });
      const answer = (await ask('Which zorg customers live in Zorgville')).json();
      expect(chatCalls() - before).toBe(2);
      expect(answer).toMatchObject({ kind: 'query', row_count: 0 });
      expect(JSON.stringify(answer.provenance.notes)).not.toMatch(/revised/);
    });

    it('does not second-guess an empty answer to a yes/no question', async () => {
      const before = chatCalls();
      script.push({ text: answerJson({ sql: "SELECT name FROM customers WHERE city = 'Zorgville'" }) });
      const answer = (await ask('Are there any zorg customers in Zorgville?')).json();
      expect(chatCalls() - before).toBe(1);
      expect(answer).toMatchObject({ kind: 'query', row_count: 0 });
    });

    it('gives up after two retries and says why', async () => {
      const before = chatCalls();
      for (let i = 0; i < 3; i++) script.push({ text: answerJson({ sql: 'SELECT nope FROM orders' }) });
      const answer = (await ask(puzzling)).json();
      expect(chatCalls() - before).toBe(3);
      expect(answer.kind).toBe('error');
      expect(answer.answer).toMatch(/nope/);
    });

    it('refuses SQL that writes, even from the model, and retries', async () => {
      script.push(
        { text: answerJson({ sql: 'DELETE FROM orders' }) },
        { text: answerJson({ sql: 'SELECT count(*) FROM orders' }) },
      );
      const answer = (await ask(puzzling)).json();
      expect(answer).toMatchObject({ kind: 'query', rows: [[7]] });
      const history = (
        await t.app.inject({
          method: 'GET',
          url: `/system/connections/${connectionId}/sql-history?limit=5`,
          headers: owner.headers,
        })
      ).json();
      expect(history.map((h: { source: string }) => h.source)).toContain('llm');
    });

    it('answers chitchat the model recognises without SQL', async () => {
      script.push({ text: answerJson({ intent: 'chitchat', reply: 'I am glad to help with your shop data.' }) });
      const answer = (await ask('you are doing great, what a nice tool')).json();
      expect(answer).toMatchObject({ kind: 'chitchat', sql: null, answer: 'I am glad to help with your shop data.' });
    });

    it('falls back to the built-in engine when the LLM is down, after one retry', async () => {
      const before = chatCalls();
      script.push({ status: 500, body: 'boom' }, { hangUp: true });
      const answer = (await ask(puzzling)).json();
      expect(chatCalls() - before).toBe(2);
      expect(answer.kind).toBe('unanswerable');
      expect(JSON.stringify(answer.provenance.notes)).toMatch(/language model was unavailable/);
    });

    it('times out a silent model and still answers', async () => {
      script.push({ delayMs: 5000 }, { delayMs: 5000 });
      const answer = (await ask(puzzling)).json();
      expect(answer.kind).toBe('unanswerable');
      expect(JSON.stringify(answer.provenance.notes)).toMatch(/unavailable/);
    });

    it('adds a one-line LLM summary when explain_mode asks for it', async () => {
      script.push({ text: 'Most orders have shipped.' });
      const answer = (await ask('How many orders per status?', { explain_mode: 'llm' })).json();
      expect(answer.answer).toBe('Most orders have shipped.');
      expect(answer.llm_usage.calls).toBe(1);
    });
  });
}
