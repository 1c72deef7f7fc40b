import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from '../helpers/pg.ts';

const secret = 'Pw-9f3K!x%40@:/secret';
const server = new URL(testServerUrl());
let logs = '';
let t: TestApp;
let target: ScratchDatabase;
let owner: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  t = await startApp({ LOG_LEVEL: 'trace' }, { logStream: stream });
  target = await createScratchDatabase('askdb_target');
  owner = await signUp(t.app, 'conn_owner');
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Sales',
  description: 'Sales data',
  host: server.hostname,
  port: Number(server.port || 5432),
  database: target.name,
  username: 'postgres',
  password: secret,
  ssl_mode: 'disable',
  ...overrides,
});

describe('connections', () => {
  it('creates a tested connection, lists it, and never returns the password', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/connections',
      headers: owner.headers,
      payload: body(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const connection = created.json();
    expect(connection).toMatchObject({
      name: 'Sales',
      database: target.name,
      status: 'pending',
      permission: 'owner',
      owner: { username: 'conn_owner' },
      analysis_progress: 0,
    });
    expect(connection.server_version).toMatch(/^\d+/);
    expect(connection.analysis_requested_at).toEqual(expect.any(String));
    expect(created.body).not.toContain('Pw-9f3K');
    expect(connection).not.toHaveProperty('encrypted_password');
    const list = await t.app.inject({ method: 'GET', url: '/connections', headers: owner.headers });
    expect(list.json().map((c: { id: string }) => c.id)).toContain(connection.id);
    expect(list.body).not.toContain('Pw-9f3K');
    const stored = await t.ctx.database.query<{ encrypted_password: string }>(
      'select encrypted_password from connections where id = $1',
      [connection.id],
    );
    expect(stored[0]!.encrypted_password).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(stored[0]!.encrypted_password).not.toContain('Pw-9f3K');
    expect(t.ctx.vault.decrypt(stored[0]!.encrypted_password)).toBe(secret);
  });

  it('answers 422 in plain words when the database cannot be reached', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/connections',
      headers: owner.headers,
      payload: body({ database: 'no_such_db_here' }),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toMatch(/does not exist/);
    const closed = await t.app.inject({
      method: 'POST',
      url: '/connections',
      headers: owner.headers,
      payload: body({ port: 1 }),
    });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().error.details.reason).toBe('host_unreachable');
    for (const response of [missing, closed]) expect(response.body).not.toContain('Pw-9f3K');
    const skipped = await t.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers: owner.headers,
      payload: body({ port: 1 }),
    });
    expect(skipped.statusCode).toBe(201);
  });

  it('validates input with clear messages', async () => {
    const noHost = await t.app.inject({
      method: 'POST',
      url: '/connections',
      headers: owner.headers,
      payload: body({ host: '' }),
    });
    expect(noHost.statusCode).toBe(400);
    expect(noHost.json().error.message).toMatch(/host/i);
    const badSsl = await t.app.inject({
      method: 'POST',
      url: '/connections',
      headers: owner.headers,
      payload: body({ ssl_mode: 'sometimes' }),
    });
    expect(badSsl.statusCode).toBe(400);
    const badId = await t.app.inject({ method: 'GET', url: '/connections/not-a-uuid', headers: owner.headers });
    expect(badId.statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/connections/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
      headers: owner.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('creates from a URL with a percent-encoded password; bad URLs get 400', async () => {
    const url = `postgresql://postgres:${encodeURIComponent(secret)}@${server.hostname}:${server.port || 5432}/${target.name}?sslmode=disable`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/connections/from-url',
      headers: owner.headers,
      payload: { url },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: `${target.name} on ${server.hostname}`, ssl_mode: 'disable' });
    const stored = await t.ctx.database.query<{ encrypted_password: string }>(
      'select encrypted_password from connections where id = $1',
      [created.json().id],
    );
    expect(t.ctx.vault.decrypt(stored[0]!.encrypted_password)).toBe(secret);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/connections/from-url',
      headers: owner.headers,
      payload: { url: 'mysql://x@y/z' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Unsupported scheme/);
  });

  it('edits: plain fields keep the analysis, credential changes re-test and request re-analysis', async () => {
    const created = (
      await t.app.inject({ method: 'POST', url: '/connections', headers: owner.headers, payload: body() })
    ).json();
    const renamed = await t.app.inject({
      method: 'PUT',
      url: `/connections/${created.id}`,
      headers: owner.headers,
      payload: { name: 'Renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Renamed', analysis_requested_at: created.analysis_requested_at });
    const broken = await t.app.inject({
      method: 'PUT',
      url: `/connections/${created.id}`,
      headers: owner.headers,
      payload: { database: 'nope_not_here', password: secret },
    });
    expect(broken.statusCode).toBe(422);
    const unchanged = (
      await t.app.inject({ method: 'GET', url: `/connections/${created.id}`, headers: owner.headers })
    ).json();
    expect(unchanged.database).toBe(target.name);
    const moved = await t.app.inject({
      method: 'PUT',
      url: `/connections/${created.id}`,
      headers: owner.headers,
      payload: { password: 'new-secret-value' },
    });
    expect(moved.statusCode).toBe(200);
    expect(new Date(moved.json().analysis_requested_at).getTime()).toBeGreaterThan(
      new Date(created.analysis_requested_at).getTime(),
    );
  });

  it('tests a stored connection and queues re-analysis', async () => {
    const created = (
      await t.app.inject({ method: 'POST', url: '/connections', headers: owner.headers, payload: body() })
    ).json();
    const tested = await t.app.inject({
      method: 'POST',
      url: `/connections/${created.id}/test`,
      headers: owner.headers,
    });
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({
      ok: true,
      server_version: expect.any(String),
      latency_ms: expect.any(Number),
    });
    const queued = await t.app.inject({
      method: 'POST',
      url: `/connections/${created.id}/reanalyze`,
      headers: owner.headers,
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json().status).toBe('queued');
  });

  it('shares as chat / view / owner; refuses self, unknown users and removing the owner', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/connections?skip_test=true',
        headers: owner.headers,
        payload: body(),
      })
    ).json();
    const friend = await signUp(t.app, 'conn_friend');
    const share = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/connections/${created.id}/shares`, headers: owner.headers, payload });
    expect((await share({ username: 'conn_friend', permission: 'chat' })).statusCode).toBe(201);
    const upgraded = await share({ user_id: friend.user.id, permission: 'view' });
    expect(upgraded.statusCode).toBe(200);
    expect(upgraded.json().permission).toBe('view');
    expect((await share({ user_id: owner.user.id, permission: 'view' })).statusCode).toBe(422);
    expect((await share({ username: 'nobody_at_all', permission: 'view' })).statusCode).toBe(422);
    expect((await share({ permission: 'view' })).statusCode).toBe(400);
    const seen = (await t.app.inject({ method: 'GET', url: '/connections', headers: friend.headers })).json();
    expect(seen.find((c: { id: string }) => c.id === created.id)).toMatchObject({
      permission: 'view',
      owner: { username: 'conn_owner' },
    });
    const shares = (
      await t.app.inject({ method: 'GET', url: `/connections/${created.id}/shares`, headers: owner.headers })
    ).json();
    expect(shares).toEqual([expect.objectContaining({ username: 'conn_friend', permission: 'view' })]);

    // A co-owner may manage shares but cannot remove the original owner.
    expect((await share({ user_id: friend.user.id, permission: 'owner' })).statusCode).toBe(200);
    const removeOwner = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${created.id}/shares/${owner.user.id}`,
      headers: friend.headers,
    });
    expect(removeOwner.statusCode).toBe(422);
    const removeFriend = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${created.id}/shares/${friend.user.id}`,
      headers: owner.headers,
    });
    expect(removeFriend.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/connections/${created.id}`, headers: friend.headers })).statusCode,
    ).toBe(404);
  });

  it('deletes a connection with its shares', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/connections?skip_test=true',
        headers: owner.headers,
        payload: body(),
      })
    ).json();
    const friend = await signUp(t.app);
    await t.app.inject({
      method: 'POST',
      url: `/connections/${created.id}/shares`,
      headers: owner.headers,
      payload: { user_id: friend.user.id, permission: 'chat' },
    });
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/connections/${created.id}`, headers: owner.headers })).statusCode,
    ).toBe(204);
    const shares = await t.ctx.database.query('select * from connection_shares where connection_id = $1', [created.id]);
    expect(shares).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/connections/${created.id}`, headers: owner.headers })).statusCode,
    ).toBe(404);
  });

  it('keeps the password out of every log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('Pw-9f3K');
    expect(logs).not.toContain(encodeURIComponent(secret));
  });
});

describe('askdb keys rotate', () => {
  it('re-encrypts every secret under the new key and connections stay usable', async () => {
    const app = await createScratchDatabase('askdb_rotate');
    const dataDir = `/tmp/askdb-rotate-${randomBytes(4).toString('hex')}`;
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const env = {
      ...process.env,
      DATABASE_URL: app.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'x'.repeat(40),
    };
    const run = promisify(execFile);
    try {
      const first = await startApp({ DATABASE_URL: app.url, ENCRYPTION_KEY: oldKey });
      const user = await signUp(first.app, 'rotator');
      const created = await first.app.inject({
        method: 'POST',
        url: '/connections',
        headers: user.headers,
        payload: body(),
      });
      expect(created.statusCode, created.body).toBe(201);
      await first.close();

      const { stdout } = await run('node', ['bin/askdb.js', 'keys', 'rotate'], {
        env: { ...env, ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_OLD: oldKey },
      });
      expect(stdout).toMatch(/Re-encrypted 1 of 1 stored secrets/);

      const client = new pg.Client({ connectionString: app.url });
      await client.connect();
      const { rows } = await client.query('select encrypted_password from connections');
      await client.end();
      expect(rows[0].encrypted_password).not.toContain('Pw-9f3K');

      const second = await startApp({ DATABASE_URL: app.url, ENCRYPTION_KEY: newKey });
      const login = await second.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'rotator', password: user.password },
      });
      const tested = await second.app.inject({
        method: 'POST',
        url: `/connections/${created.json().id}/test`,
        headers: { authorization: `Bearer ${login.json().access_token}` },
      });
      expect(tested.json().ok).toBe(true);
      await second.close();
    } finally {
      await app.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Two apps and a CLI process, each loading the whole program: slow on a busy machine.
  }, 120_000);
});
