import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAsk } from '../../src/chat/ask.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop } from './helpers.ts';

let t: TestApp;
let shop: ScratchDatabase;
let connectionId: string;
let owner: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  t = await startApp();
  owner = await signUp(t.app, 'clarify_owner');
  ({ db: shop, connectionId } = await connectedShop(t, owner));
});
afterAll(async () => {
  await t.close();
  await shop.drop();
});

const ask = async (payload: object) => {
  const response = await t.app.inject({
    method: 'POST',
    url: `/chat/${connectionId}`,
    headers: owner.headers,
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('asking back instead of guessing', () => {
  it('offers its readings as options when it is not sure enough, and answers the one picked', async () => {
    const clarify = await ask({ question: 'average price of items in each category' });
    expect(clarify).toMatchObject({ kind: 'clarify', sql: null, rows: null });
    expect(clarify.options.length).toBeGreaterThanOrEqual(1);
    for (const option of clarify.options)
      expect(option).toEqual({ label: expect.any(String), question: expect.any(String) });
    expect(clarify.answer).toMatch(/Did you mean|Which one/);

    const chosen = clarify.options[clarify.options.length - 1];
    const stored = (clarify.provenance.options as { question: string; sql: string }[]).find(
      (o) => o.question === chosen.question,
    )!;
    const answer = await ask({ question: chosen.question, session_id: clarify.session_id });
    expect(answer).toMatchObject({ kind: 'query', session_id: clarify.session_id });
    const plain = (sql: string) => sql.toLowerCase().replace(/\s+limit \d+$/, '');
    expect(plain(answer.sql)).toBe(plain(stored.sql));
    expect(answer.provenance.notes).toContain('You picked this reading of the question.');
  });

  it('the same words outside that clarification are read afresh', async () => {
    const clarify = await ask({ question: 'average price of items in each category' });
    const elsewhere = await ask({ question: clarify.options[0].question });
    expect(elsewhere.provenance.notes ?? []).not.toContain('You picked this reading of the question.');
  });

  it('refusals name the words not placed and what comes closest', async () => {
    const refusal = await ask({ question: 'What is the weather on Mars tomorrow?' });
    expect(refusal.kind).toBe('unanswerable');
    expect(refusal.provenance.unplaced).toEqual(expect.arrayContaining(['weather', 'Mars']));
    expect(refusal.options).toBeNull();
  });
});

describe('periods against the data', () => {
  it('says the latest date present when a period counted from today finds nothing', async () => {
    let answer = await ask({ question: 'How many orders were placed in the last 30 days?' });
    if (answer.kind === 'clarify')
      answer = await ask({ question: answer.options[0].question, session_id: answer.session_id });
    expect(answer).toMatchObject({ kind: 'query', rows: [[0]] });
    expect(answer.provenance.notes.join(' ')).toMatch(/latest orders\.order_date in the data is 2024-03-09/);
    const anchored = await ask({ question: 'How many orders were placed in the last 30 days of the data?' });
    const rows =
      anchored.kind === 'clarify'
        ? (await ask({ question: anchored.options[0].question, session_id: anchored.session_id })).rows
        : anchored.rows;
    expect(rows).toEqual([[1]]);
  });
});

describe('learning from people', () => {
  it('a corrected answer is reused for the same question, and for one that differs only slightly', async () => {
    const first = await ask({ question: 'How many orders per status?' });
    const correction = "SELECT status, count(*) AS orders FROM orders WHERE status <> 'cancelled' GROUP BY status";
    const feedback = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/messages/${first.message_id}/feedback`,
      headers: owner.headers,
      payload: { correct: false, sql: correction },
    });
    expect(feedback.json()).toMatchObject({ saved_example: true });
    for (const question of ['How many orders per status?', 'how many orders per status']) {
      const again = await ask({ question });
      expect(again.sql).toContain("status <> 'cancelled'");
      expect(again.rows).toHaveLength(2);
      expect(again.provenance.notes.join(' ')).toMatch(/corrected/);
    }
    const other = await ask({ question: 'How many customers are there?' });
    expect(other.sql).not.toContain('cancelled');
  });

  it('a follow-up builds on the turn right before it, not on an older one', async () => {
    const answered = await ask({ question: 'How many orders per status?' });
    const refused = await ask({ question: 'What is the weather on Mars tomorrow?', session_id: answered.session_id });
    expect(refused.kind).toBe('unanswerable');
    const plan = await planAsk(t.ctx, {
      userId: owner.user.id,
      connectionId,
      question: 'and in 2024?',
      sessionId: answered.session_id,
      explainMode: 'query',
    });
    expect(plan.previous).toBeUndefined();
    const next = await ask({ question: 'How many customers are there?', session_id: answered.session_id });
    const planAfter = await planAsk(t.ctx, {
      userId: owner.user.id,
      connectionId,
      question: 'and in Berlin?',
      sessionId: next.session_id,
      explainMode: 'query',
    });
    expect(planAfter.previous).toEqual({ question: 'How many customers are there?', sql: next.sql });
  });
});
