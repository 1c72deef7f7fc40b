import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedShop } from '../chat/helpers.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let chatter: Awaited<ReturnType<typeof signUp>>;
let shop: ScratchDatabase;
let connectionId: string;

type TermOut = {
  id: string;
  name: string;
  kind: string;
  expression: string;
  table: string;
  status: string;
  origin: string;
  reason: string | null;
  edited: boolean;
  updated_by: string | null;
  description: string;
};

const terms = async (user = owner, query = '') =>
  (
    await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/terms${query}`, headers: user.headers })
  ).json().items as TermOut[];
const post = (payload: Record<string, unknown>, user = owner) =>
  t.app.inject({ method: 'POST', url: `/intelligence/${connectionId}/terms`, headers: user.headers, payload });
const put = (id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PUT', url: `/intelligence/${connectionId}/terms/${id}`, headers: owner.headers, payload });

async function waitReady(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const c = (
      await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers })
    ).json();
    if (c.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('analysis did not finish');
}

beforeAll(async () => {
  t = await startApp();
  owner = await signUp(t.app, 'ana');
  viewer = await signUp(t.app);
  chatter = await signUp(t.app);
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
}, 60_000);

afterAll(async () => {
  await t?.close();
  await shop?.drop();
});

describe('business terms', () => {
  it('are proposed by analysis from names, types, comments and values, each with its reason', async () => {
    const proposed = await terms(owner, '?status=proposed');
    const byName = new Map(proposed.map((p) => [p.name, p]));
    expect(byName.get('number of orders')).toMatchObject({
      kind: 'measure',
      expression: 'count(*)',
      table: 'orders',
      origin: 'proposed',
    });
    expect(byName.get('total amount')).toMatchObject({ kind: 'measure', expression: 'sum(orders.total_amount)' });
    expect(byName.get('cancelled orders')).toMatchObject({ kind: 'filter', expression: "orders.status = 'cancelled'" });
    expect(byName.get('order month')).toMatchObject({
      kind: 'dimension',
      expression: "date_trunc('month', orders.order_date)",
    });
    for (const p of proposed) expect(p.reason, p.name).toBeTruthy();
    // The price of a product is not added up per order line: products has no date and no quantity beside it.
    expect(byName.has('revenue')).toBe(false);
    expect((await terms(owner, '?kind=filter&q=cancel')).map((x) => x.name)).toEqual(['cancelled orders']);
  });

  it("check every expression: parsed, only the table's columns, the right shape, run on the target", async () => {
    const refused = async (payload: Record<string, unknown>, message: RegExp) => {
      const response = await post({ name: 'x', table: 'orders', kind: 'measure', ...payload });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.message).toMatch(message);
    };
    await refused({ expression: 'sum(orders.totl)' }, /orders has no column "totl"/);
    await refused({ expression: 'sum(customers.id)' }, /not a column of orders/);
    await refused({ expression: 'orders.total_amount' }, /A measure is an aggregate/);
    await refused({ kind: 'dimension', expression: 'sum(orders.total_amount)' }, /cannot hold an aggregate/);
    await refused({ kind: 'filter', expression: 'orders.total_amount' }, /The database refused it: .*boolean/);
    await refused({ expression: 'sum((select 1))' }, /subquery/);
    await refused(
      { expression: 'sum(orders.total_amount); drop table orders' },
      /not a query|not valid SQL|one expression/i,
    );
    await refused({ expression: 'sum(pg_sleep(1))' }, /pg_sleep/);
    await refused({ expression: 'sum(orders.total_amount' }, /not valid SQL/);
    await refused({ table: 'nowhere', expression: 'count(*)' }, /No table "nowhere"/);

    const created = await post({
      name: 'revenue',
      synonyms: ['sales'],
      kind: 'measure',
      table: 'orders',
      expression: 'SUM(total_amount)',
      description: 'Order totals',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'revenue',
      expression: 'sum(orders.total_amount)',
      origin: 'person',
      status: 'accepted',
      updated_by: 'ana',
    });
    expect((await post({ name: 'Revenue', kind: 'measure', table: 'orders', expression: 'count(*)' })).statusCode).toBe(
      409,
    );
    // The test run is in the SQL history like any query.
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/system/connections/${connectionId}/sql-history`,
        headers: owner.headers,
      })
    ).json();
    expect(JSON.stringify(history)).toMatch(/LIMIT 0/);
  });

  it('are checked without being saved while a person types them (owners only)', async () => {
    const validate = (payload: Record<string, unknown>, user = owner) =>
      t.app.inject({
        method: 'POST',
        url: `/intelligence/${connectionId}/terms/validate`,
        headers: user.headers,
        payload,
      });
    const before = (await terms()).length;
    const good = await validate({ kind: 'measure', table: 'orders', expression: 'AVG(total_amount)' });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ valid: true, expression: 'avg(orders.total_amount)', table: 'orders' });
    // Half-typed: each step says what is wrong, from the parser, the model or the target.
    expect((await validate({ kind: 'measure', table: 'orders', expression: 'avg(total_am' })).json()).toMatchObject({
      valid: false,
      message: expect.stringMatching(/not valid SQL/),
    });
    expect((await validate({ kind: 'measure', table: 'orders', expression: 'avg(total_am)' })).json()).toMatchObject({
      valid: false,
      message: expect.stringMatching(/orders has no column "total_am"/),
    });
    expect(
      (await validate({ kind: 'filter', table: 'orders', expression: 'orders.total_amount' })).json(),
    ).toMatchObject({ valid: false, message: expect.stringMatching(/boolean/) });
    expect((await validate({ kind: 'filter', table: '', expression: "status = 'paid'" })).json()).toEqual({
      valid: false,
      message: 'Name the table the term starts from.',
    });
    expect((await validate({ kind: 'filter', table: 'ord', expression: "status = 'paid'" })).json()).toMatchObject({
      valid: false,
      message: expect.stringMatching(/No table "ord"/),
    });
    expect(await terms()).toHaveLength(before);
    expect((await validate({ kind: 'measure', table: 'orders', expression: 'count(*)' }, viewer)).statusCode).toBe(403);
    expect((await validate({ kind: 'measure', table: 'orders', expression: 'count(*)' }, chatter)).statusCode).toBe(
      403,
    );
  });

  it('are written by owners only; chat sharees read the accepted ones', async () => {
    expect(
      (await post({ name: 'y', kind: 'measure', table: 'orders', expression: 'count(*)' }, viewer)).statusCode,
    ).toBe(403);
    expect(
      (await post({ name: 'y', kind: 'measure', table: 'orders', expression: 'count(*)' }, chatter)).statusCode,
    ).toBe(403);
    const seenByChat = await terms(chatter);
    expect(seenByChat.length).toBeGreaterThan(0);
    expect(seenByChat.every((x) => x.status === 'accepted')).toBe(true);
    expect(await terms(chatter, '?status=proposed')).toEqual([]);
    expect((await terms(viewer)).some((x) => x.status === 'proposed')).toBe(true);
    expect(
      (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/terms.yaml`, headers: chatter.headers }))
        .statusCode,
    ).toBe(403);
  });

  it("keep people's edits and rejections across re-analysis", async () => {
    const all = await terms();
    const rejected = all.find((x) => x.name === 'number of customers')!;
    const edited = all.find((x) => x.name === 'cancelled orders')!;
    expect((await put(rejected.id, { status: 'rejected' })).statusCode).toBe(200);
    const accepted = await put(edited.id, {
      status: 'accepted',
      description: 'Orders the customer called off',
      synonyms: ['called-off orders'],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', edited: true, origin: 'proposed', updated_by: 'ana' });
    const before = all.length;

    expect(
      (await t.app.inject({ method: 'POST', url: `/connections/${connectionId}/reanalyze`, headers: owner.headers }))
        .statusCode,
    ).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    await waitReady();
    const after = await terms();
    expect(after.find((x) => x.id === rejected.id)).toMatchObject({ status: 'rejected' });
    expect(after.find((x) => x.id === edited.id)).toMatchObject({
      status: 'accepted',
      description: 'Orders the customer called off',
    });
    expect(after.length).toBe(before);
  });

  it('answer questions through the accepted terms, and the answer names them', async () => {
    const answer = (
      await t.app.inject({
        method: 'POST',
        url: `/chat/${connectionId}`,
        headers: chatter.headers,
        payload: { question: 'how many called-off orders' },
      })
    ).json();
    expect(answer.kind, answer.answer).toBe('query');
    expect(answer.rows).toEqual([[1]]);
    expect(answer.provenance.terms).toEqual([
      expect.objectContaining({ name: 'cancelled orders', expression: "orders.status = 'cancelled'", editor: 'ana' }),
    ]);
    const revenue = (
      await t.app.inject({
        method: 'POST',
        url: `/chat/${connectionId}`,
        headers: chatter.headers,
        payload: { question: 'total revenue' },
      })
    ).json();
    expect(revenue.kind, revenue.answer).toBe('query');
    expect(Number(revenue.rows[0][0])).toBe(380);
    expect(revenue.provenance.notes).toContain('revenue = sum(orders.total_amount), as defined by ana.');

    // An edit takes effect on the next question: the cached terms of the connection are dropped.
    const cancelled = (await terms(owner)).find((x) => x.name === 'cancelled orders')!;
    expect((await put(cancelled.id, { expression: "orders.status IN ('cancelled', 'pending')" })).statusCode).toBe(200);
    const again = (
      await t.app.inject({
        method: 'POST',
        url: `/chat/${connectionId}`,
        headers: chatter.headers,
        payload: { question: 'how many called-off orders' },
      })
    ).json();
    expect(again.rows).toEqual([[3]]);
  });

  it('rank the tables of the accepted terms a search names, whatever the tables are called', async () => {
    const search = async (q: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/intelligence/${connectionId}/search?q=${encodeURIComponent(q)}`,
          headers: owner.headers,
        })
      ).json() as { table: string; reasons: string[] }[];
    expect(
      (
        await post({
          name: 'takings',
          synonyms: ['money taken'],
          kind: 'measure',
          table: 'order_items',
          expression: 'sum(quantity)',
        })
      ).statusCode,
    ).toBe(201);
    expect((await post({ name: 'clientele', kind: 'entity', table: 'customers', status: 'rejected' })).statusCode).toBe(
      201,
    );
    const hits = await search('takings by month');
    expect(hits[0]).toMatchObject({ table: 'order_items', reasons: expect.arrayContaining(['term "takings"']) });
    expect((await search('money taken last year'))[0]).toMatchObject({
      table: 'order_items',
      reasons: expect.arrayContaining(['term "takings" (as "money taken")']),
    });
    // A rejected term points nowhere.
    expect((await search('clientele')).flatMap((h) => h.reasons).some((r) => r.includes('clientele'))).toBe(false);
  });

  it('round-trip through terms.yaml, and a bad file changes nothing', async () => {
    const url = `/intelligence/${connectionId}/terms.yaml`;
    const first = await t.app.inject({ method: 'GET', url, headers: owner.headers });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/yaml/);
    expect(first.body).toMatch(
      /- name: revenue\n\s+kind: measure\n\s+table: orders\n\s+expression: sum\(orders.total_amount\)/,
    );
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...owner.headers, 'content-type': 'application/yaml' },
      payload: first.body,
    });
    expect(put.statusCode, put.body).toBe(200);
    const second = await t.app.inject({ method: 'GET', url, headers: owner.headers });
    expect(second.body).toBe(first.body);

    const edited = first.body.replace('expression: sum(orders.total_amount)', 'expression: sum(orders.nope)');
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...owner.headers, 'content-type': 'application/yaml' },
      payload: edited,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Term "revenue": orders has no column "nope"/);
    const notYaml = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...owner.headers, 'content-type': 'application/yaml' },
      payload: 'terms: [unclosed',
    });
    expect(notYaml.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url, headers: owner.headers })).body).toBe(first.body);

    // A file with fewer terms is the whole set: the others go.
    const only =
      'terms:\n  - name: big orders\n    kind: filter\n    table: orders\n    expression: total_amount > 50\n';
    const replaced = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...owner.headers, 'content-type': 'application/yaml' },
      payload: only,
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().items).toEqual([
      expect.objectContaining({ name: 'big orders', expression: 'orders.total_amount > 50', status: 'accepted' }),
    ]);
  });
});
