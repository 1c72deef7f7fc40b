import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop } from './helpers.ts';

let t: TestApp;
let shop: ScratchDatabase;
let connectionId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let chatter: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  t = await startApp();
  owner = await signUp(t.app, 'bench_owner');
  viewer = await signUp(t.app, 'bench_viewer');
  chatter = await signUp(t.app, 'bench_chatter');
  ({ db: shop, connectionId } = await connectedShop(t, owner));
  for (const [user, permission] of [
    [viewer, 'view'],
    [chatter, 'chat'],
  ] as const)
    await t.app.inject({
      method: 'POST',
      url: `/connections/${connectionId}/shares`,
      headers: owner.headers,
      payload: { user_id: user.user.id, permission },
    });
});
afterAll(async () => {
  await t.close();
  await shop.drop();
});

const ask = (user: { headers: Record<string, string> }, question: string, sessionId?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/chat/${connectionId}`,
    headers: user.headers,
    payload: { question, ...(sessionId ? { session_id: sessionId } : {}) },
  });
const post = (user: { headers: Record<string, string> }, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: user.headers, payload });

describe('the SQL workbench under an answer', () => {
  it('runs edited SQL with a chart, refuses broken SQL with the reason, and keeps a fix as the answer', async () => {
    const first = (await ask(viewer, 'How many orders per status?')).json();
    expect(first.kind).toBe('query');
    const base = `/chat/${connectionId}/messages/${first.message_id}`;

    const broken = await post(viewer, `${base}/run`, { sql: 'select status, count(*) from orderz group by status' });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.message).toMatch(/orderz/);

    const fixed = 'select status, sum(total_amount) as revenue from orders group by status order by status';
    const ran = await post(viewer, `${base}/run`, { sql: fixed });
    expect(ran.statusCode, ran.body).toBe(200);
    expect(ran.json()).toMatchObject({ row_count: 3, chart: { kind: 'bar' }, tables: ['orders'] });
    expect(ran.json().explanation.length).toBeGreaterThan(5);

    const kept = await post(viewer, `${base}/answer`, { sql: fixed });
    expect(kept.statusCode, kept.body).toBe(201);
    const answer = kept.json();
    expect(answer).toMatchObject({
      session_id: first.session_id,
      question: first.question,
      kind: 'query',
      engine: 'user',
      sql: fixed,
      row_count: 3,
    });
    expect(answer.chart.kind).toBe('bar');
    expect(answer.provenance).toMatchObject({ edited_from: first.message_id });

    const session = (
      await t.app.inject({
        method: 'GET',
        url: `/chat/${connectionId}/sessions/${first.session_id}`,
        headers: viewer.headers,
      })
    ).json();
    expect(session.messages.map((m: { message_id: string }) => m.message_id)).toEqual([
      first.message_id,
      answer.message_id,
    ]);
    expect(session.messages[0].feedback).toBe('corrected');
    const examples = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/examples`, headers: owner.headers })
    ).json();
    expect(examples).toContainEqual(
      expect.objectContaining({ question: first.question, sql: fixed, source: 'corrected' }),
    );
  });

  it('is closed to chat users and to other people’s answers', async () => {
    const mine = (await ask(chatter, 'How many customers are there?')).json();
    const run = await post(chatter, `/chat/${connectionId}/messages/${mine.message_id}/run`, { sql: 'select 1' });
    expect(run.statusCode).toBe(403);
    expect(
      (await post(chatter, `/chat/${connectionId}/messages/${mine.message_id}/answer`, { sql: 'select 1' })).statusCode,
    ).toBe(403);
    expect(
      (await post(owner, `/chat/${connectionId}/messages/${mine.message_id}/answer`, { sql: 'select 1' })).statusCode,
    ).toBe(404);
    const stranger = await signUp(t.app);
    expect(
      (await post(stranger, `/chat/${connectionId}/messages/${mine.message_id}/run`, { sql: 'select 1' })).statusCode,
    ).toBe(404);
  });
});

describe('what to ask next', () => {
  const next = (user: { headers: Record<string, string> }, messageId: string) =>
    t.app.inject({ method: 'GET', url: `/chat/${connectionId}/messages/${messageId}/next`, headers: user.headers });

  it('offers 2–3 follow-ups from the answer’s tables, each answerable and new', async () => {
    const answer = (await ask(chatter, 'How many orders per status?')).json();
    const steps = (await next(chatter, answer.message_id)).json();
    expect(steps.questions.length).toBeGreaterThanOrEqual(2);
    expect(steps.questions.length).toBeLessThanOrEqual(3);
    expect(steps.questions).not.toContain('How many orders per status?');
    for (const question of steps.questions) {
      const followUp = (await ask(chatter, question, answer.session_id)).json();
      expect(followUp.kind, question).toBe('query');
    }
  });

  it('for a refusal, names the words not placed, what comes closest, and rephrasings that work', async () => {
    const refusal = (await ask(chatter, 'How many shoppers per city?')).json();
    expect(refusal.kind).toBe('unanswerable');
    const steps = (await next(chatter, refusal.message_id)).json();
    expect(steps.unplaced).toContain('shoppers');
    expect(steps.closest.length).toBeGreaterThan(0);
    expect(steps.questions.length).toBeGreaterThan(0);
    const rephrased = (await ask(chatter, steps.questions[0], refusal.session_id)).json();
    expect(rephrased.kind).toBe('query');
  });

  it('is private to the asker', async () => {
    const answer = (await ask(chatter, 'How many products are there?')).json();
    expect((await next(viewer, answer.message_id)).statusCode).toBe(404);
  });
});
