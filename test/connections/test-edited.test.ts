import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

let t: TestApp;
let first: ScratchDatabase;
let second: ScratchDatabase;
let owner: Awaited<ReturnType<typeof signUp>>;
let connectionId: string;

beforeAll(async () => {
  t = await startApp();
  first = await createScratchDatabase('askdb_edit_a');
  second = await createScratchDatabase('askdb_edit_b');
  owner = await signUp(t.app, 'edit_owner');
  const created = await connectTarget(t.app, owner.headers, first.name);
  expect(created.statusCode, created.body).toBe(201);
  connectionId = created.json().id;
});
afterAll(async () => {
  await t.close();
  await first.drop();
  await second.drop();
});

const test = (payload?: object, headers = owner.headers) =>
  t.app.inject({ method: 'POST', url: `/connections/${connectionId}/test`, headers, ...(payload ? { payload } : {}) });

describe('testing a connection while editing it', () => {
  it('tests the stored values when no body is sent', async () => {
    const response = await test();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().ok).toBe(true);
  });

  it('tests the values in the form, saving nothing', async () => {
    const good = await test({ database: second.name, password: 'x' });
    expect(good.json()).toMatchObject({ ok: true });
    const bad = await test({ database: 'askdb_no_such_database', password: 'x' });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().ok).toBe(false);
    expect(bad.json().message).toMatch(/askdb_no_such_database|does not exist/);
    const stored = (
      await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers })
    ).json();
    expect(stored.database).toBe(first.name);
  });

  it('never sends the stored password to a new address', async () => {
    const response = await test({ database: second.name });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/needs the password again/);
    expect((await test({ database: first.name })).json().ok).toBe(true);
  });

  it('is for owners only', async () => {
    const viewer = await signUp(t.app);
    await t.app.inject({
      method: 'POST',
      url: `/connections/${connectionId}/shares`,
      headers: owner.headers,
      payload: { user_id: viewer.user.id, permission: 'view' },
    });
    expect((await test({ database: second.name, password: 'x' }, viewer.headers)).statusCode).toBe(403);
  });
});
