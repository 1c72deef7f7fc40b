import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop, parseSse } from './helpers.ts';

let t: TestApp;
let shop: ScratchDatabase;
let connectionId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let chatter: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  t = await startApp();
  owner = await signUp(t.app, 'chat_owner');
  chatter = await signUp(t.app, 'chat_user');
  ({ db: shop, connectionId } = await connectedShop(t, owner));
  await t.app.inject({
    method: 'POST',
    url: `/connections/${connectionId}/shares`,
    headers: owner.headers,
    payload: { user_id: chatter.user.id, permission: 'chat' },
  });
});
afterAll(async () => {
  await t.close();
  await shop.drop();
});

const askAs = (user: { headers: Record<string, string> }, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/chat/${connectionId}`, headers: { ...user.headers, ...headers }, payload });

/** A new session of `user` whose first answer counts orders per status (four lines of CSV: header and three statuses). */
async function ordersPerStatus(user: {
  headers: Record<string, string>;
}): Promise<{ sessionId: string; messageId: string }> {
  const response = await askAs(user, { question: 'How many orders per status?' });
  expect(response.statusCode, response.body).toBe(200);
  return { sessionId: response.json().session_id, messageId: response.json().message_id };
}

describe('chat with the built-in engine', () => {
  it('answers a question with SQL, rows, a chart, an explanation and provenance', async () => {
    const response = await askAs(owner, { question: 'How many orders per status?' });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ kind: 'query', engine: 'builtin', truncated: false });
    expect(answer.sql).toMatch(/count/i);
    const counts = Object.fromEntries(
      answer.rows.map((r: unknown[]) => [r.find((v) => typeof v === 'string'), r.find((v) => typeof v === 'number')]),
    );
    expect(counts).toEqual({ shipped: 4, pending: 2, cancelled: 1 });
    expect(answer.chart).toMatchObject({ kind: 'bar', spec: expect.objectContaining({ mark: 'bar' }) });
    expect(answer.explanation.length).toBeGreaterThan(10);
    expect(answer.provenance).toMatchObject({ engine: 'builtin', tables: ['orders'] });
    expect(answer.timings).toMatchObject({
      understand: expect.any(Number),
      generate: expect.any(Number),
      execute: expect.any(Number),
    });
    expect(answer.llm_usage).toEqual({ calls: 0, prompt_tokens: 0, completion_tokens: 0 });
  });

  it('keeps the session: history, title, follow-ups in the same session', async () => {
    const { sessionId } = await ordersPerStatus(owner);
    const followUp = await askAs(owner, { question: 'How many customers are there?', session_id: sessionId });
    expect(followUp.statusCode).toBe(200);
    expect(followUp.json().session_id).toBe(sessionId);
    expect(followUp.json().rows).toEqual([[5]]);
    expect(followUp.json().chart.kind).toBe('number');
    const sessions = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/sessions`, headers: owner.headers })
    ).json();
    expect(sessions[0]).toMatchObject({
      id: sessionId,
      title: 'How many orders per status?',
      message_count: 2,
      shared: false,
    });
    const detail = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/sessions/${sessionId}`, headers: owner.headers })
    ).json();
    expect(detail.messages.map((m: { question: string }) => m.question)).toEqual([
      'How many orders per status?',
      'How many customers are there?',
    ]);
  });

  it('suggests questions it can answer', async () => {
    const { questions } = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/suggestions`, headers: chatter.headers })
    ).json();
    expect(questions.length).toBeGreaterThanOrEqual(3);
    expect(questions.length).toBeLessThanOrEqual(5);
    for (const question of questions) {
      const answer = (await askAs(chatter, { question })).json();
      expect(answer.kind, question).toBe('query');
    }
  });

  it('answers greetings without SQL and says what it cannot find', async () => {
    const hello = (await askAs(owner, { question: 'hello!' })).json();
    expect(hello).toMatchObject({ kind: 'chitchat', sql: null });
    expect(hello.answer).toMatch(/Hello/);
    const nonsense = (await askAs(owner, { question: 'What is the weather on Mars tomorrow?' })).json();
    expect(nonsense.kind).toBe('unanswerable');
    expect(nonsense.sql).toBeNull();
    expect(nonsense.answer.length).toBeGreaterThan(10);
  });

  it('streams one event per step, then the answer', async () => {
    const response = await askAs(owner, { question: 'How many products are there?' }, { accept: 'text/event-stream' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    const events = parseSse(response.body);
    expect(events.map((e) => (e.event === 'step' ? e.data.step : e.event))).toEqual([
      'understand',
      'retrieve',
      'generate',
      'check',
      'execute',
      'explain',
      'answer',
      'answer',
    ]);
    expect(events.at(-1)!.data.rows).toEqual([[6]]);
    expect(events[2]!.data.detail).toMatchObject({ engine: 'builtin', sql: expect.stringMatching(/count/i) });
  });

  it('counts each answer in /metrics: its stages, its own time, the request, the pools and the analysis queue', async () => {
    await ordersPerStatus(owner);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const stage of ['plan', 'understand', 'retrieve', 'generate', 'check', 'execute', 'explain', 'save'])
      expect(metrics).toMatch(new RegExp(`askdb_answer_stage_duration_seconds_count\\{stage="${stage}"\\} [1-9]`));
    expect(metrics).toMatch(/askdb_answer_own_duration_seconds_count\{engine="builtin"\} [1-9]/);
    expect(metrics).toMatch(
      /askdb_http_request_duration_seconds_count\{method="POST",route="\/chat\/:connection_id"\} [1-9]/,
    );
    for (const pool of ['app', 'target'])
      for (const state of ['max', 'total', 'idle', 'waiting'])
        expect(metrics).toMatch(new RegExp(`askdb_pool_clients\\{pool="${pool}",state="${state}"\\} \\d+`));
    expect(metrics).toMatch(/askdb_analysis_jobs\{state="queued"\} \d+/);
    expect(metrics).toMatch(/askdb_analysis_jobs\{state="active"\} \d+/);
  });

  it('downloads CSV by re-running the stored SQL', async () => {
    const { messageId } = await ordersPerStatus(owner);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/chat/${connectionId}/messages/${messageId}/csv`,
      headers: owner.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(','))
        .sort(),
    ).toEqual([
      ['cancelled', '1'],
      ['pending', '2'],
      ['shipped', '4'],
    ]);
  });

  it('shares a session publicly, then revokes the link', async () => {
    const { sessionId } = await ordersPerStatus(owner);
    expect((await askAs(owner, { question: 'How many customers are there?', session_id: sessionId })).statusCode).toBe(
      200,
    );
    const shared = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/sessions/${sessionId}/share`,
      headers: owner.headers,
    });
    expect(shared.statusCode).toBe(200);
    const { share_token } = shared.json();
    expect(Buffer.from(share_token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const view = await t.app.inject({ method: 'GET', url: `/chat/public/${share_token}` });
    expect(view.statusCode).toBe(200);
    const page = view.json();
    expect(page).toMatchObject({ title: 'How many orders per status?', connection_name: 'Shop' });
    expect(page.messages).toHaveLength(2);
    expect(view.body).not.toMatch(/127\.0\.0\.1|postgres|askdb_chat_shop/);
    const off = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/sessions/${sessionId}/share`,
      headers: owner.headers,
      payload: { shared: false },
    });
    expect(off.json()).toEqual({ shared: false, share_token: null, share_path: null });
    expect((await t.app.inject({ method: 'GET', url: `/chat/public/${share_token}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/chat/public/not-a-token' })).statusCode).toBe(404);
  });

  it('keeps sessions private to their user', async () => {
    const { sessionId, messageId } = await ordersPerStatus(owner);
    const mine = (await askAs(chatter, { question: 'How many categories are there?' })).json();
    expect(mine.kind).toBe('query');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/chat/${connectionId}/sessions/${sessionId}`,
          headers: chatter.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/chat/${connectionId}/messages/${messageId}/csv`,
          headers: chatter.headers,
        })
      ).statusCode,
    ).toBe(404);
    const list = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/sessions`, headers: chatter.headers })
    ).json();
    expect(list.map((s: { id: string }) => s.id)).toContain(mine.session_id);
    expect(list.map((s: { id: string }) => s.id)).not.toContain(sessionId);
    const stranger = await signUp(t.app);
    expect((await askAs(stranger, { question: 'How many orders?' })).statusCode).toBe(404);
  });

  it('learns from feedback: confirmed and corrected SQL become examples the owner manages', async () => {
    const { messageId } = await ordersPerStatus(owner);
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/messages/${messageId}/feedback`,
      headers: owner.headers,
      payload: { correct: true },
    });
    expect(confirm.json()).toMatchObject({ saved_example: true });
    const broken = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/messages/${messageId}/feedback`,
      headers: owner.headers,
      payload: { correct: false, sql: 'select nope from orders' },
    });
    expect(broken.statusCode).toBe(422);
    const corrected = await t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}/messages/${messageId}/feedback`,
      headers: owner.headers,
      payload: { correct: false, sql: 'select status, count(*) as orders from orders group by status order by 2 desc' },
    });
    expect(corrected.json()).toMatchObject({ saved_example: true });
    const examples = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/examples`, headers: owner.headers })
    ).json();
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ source: 'corrected', question: 'How many orders per status?' });
    expect(
      (await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/examples`, headers: chatter.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/chat/${connectionId}/examples/${examples[0].id}`,
          headers: owner.headers,
        })
      ).statusCode,
    ).toBe(204);
  });

  it('refuses to answer before the first analysis, and deletes sessions', async () => {
    const { sessionId } = await ordersPerStatus(owner);
    await t.ctx.database.query('update connections set last_analyzed_at = null where id = $1', [connectionId]);
    const early = await askAs(owner, { question: 'How many orders?' });
    expect(early.statusCode).toBe(409);
    await t.ctx.database.query('update connections set last_analyzed_at = now() where id = $1', [connectionId]);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/chat/${connectionId}/sessions/${sessionId}`,
          headers: owner.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/chat/${connectionId}/sessions/${sessionId}`,
          headers: owner.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
