import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from '../helpers/pg.ts';

const server = new URL(testServerUrl());
const ownDatabase = "This is AskDB's own database; it cannot be added as a connection";

let t: TestApp;
let target: ScratchDatabase;
let appDatabase: string;

beforeAll(async () => {
  t = await startApp();
  target = await createScratchDatabase('askdb_sec_target');
  appDatabase = new URL(t.ctx.config.DATABASE_URL!).pathname.slice(1);
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Target',
  host: server.hostname,
  port: Number(server.port || 5432),
  database: target.name,
  username: 'postgres',
  password: 'unused-with-trust',
  ssl_mode: 'disable',
  ...overrides,
});

describe("AskDB's own database", () => {
  it('cannot be added: same host, port and database, another name for the host, or the Unix socket', async () => {
    const user = await signUp(t.app);
    for (const host of [server.hostname, 'localhost', '/var/run/postgresql']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/connections',
        headers: user.headers,
        payload: body({ host, database: appDatabase }),
      });
      expect(response.statusCode, `${host}: ${response.body}`).toBe(422);
      expect(response.json().error.message).toBe(`Could not connect: ${ownDatabase}`);
      expect(response.json().error.details.reason).toBe('app_database');
    }
    const url = `postgres://postgres@${server.hostname}:${server.port || 5432}/${appDatabase}?sslmode=disable`;
    const fromUrl = await t.app.inject({
      method: 'POST',
      url: '/connections/from-url',
      headers: user.headers,
      payload: { url },
    });
    expect(fromUrl.statusCode).toBe(422);
    expect(fromUrl.json().error.message).toContain(ownDatabase);
  });

  it('added untested, it fails its test and no query ever reaches it', async () => {
    const user = await signUp(t.app);
    const created = await t.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers: user.headers,
      payload: body({ host: '/var/run/postgresql', database: appDatabase }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const tested = await t.app.inject({ method: 'POST', url: `/connections/${id}/test`, headers: user.headers });
    expect(tested.json()).toMatchObject({ ok: false, reason: 'app_database', message: ownDatabase, warnings: [] });
    const secrets = await t.app.inject({
      method: 'POST',
      url: `/connections/${id}/sql`,
      headers: user.headers,
      payload: { sql: 'select encrypted_password from connections' },
    });
    expect(secrets.statusCode, secrets.body).toBe(422);
    expect(secrets.json().error.message).toBe(ownDatabase);
    expect(secrets.body).not.toContain('v1:');
  });

  it('other databases on the same server stay allowed', async () => {
    const user = await signUp(t.app);
    const created = await t.app.inject({ method: 'POST', url: '/connections', headers: user.headers, payload: body() });
    expect(created.statusCode, created.body).toBe(201);
  });
});

describe('login warnings', () => {
  it('creating and testing as a superuser warns and recommends a read-only role', async () => {
    const user = await signUp(t.app);
    const created = await t.app.inject({ method: 'POST', url: '/connections', headers: user.headers, payload: body() });
    expect(created.json().warnings).toEqual([
      expect.stringMatching(/^User "postgres" is a superuser\..*read-only role/),
    ]);
    const tested = await t.app.inject({
      method: 'POST',
      url: `/connections/${created.json().id}/test`,
      headers: user.headers,
    });
    expect(tested.json().warnings).toEqual(created.json().warnings);
    const skipped = await t.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers: user.headers,
      payload: body(),
    });
    expect(skipped.json().warnings).toEqual([]);
  });

  it('the OpenAPI schema lists the warnings', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const created = spec.paths['/connections'].post.responses['201'].content['application/json'].schema;
    expect(created.properties.warnings).toMatchObject({ type: 'array', items: { type: 'string' } });
    const tested = spec.paths['/connections/{id}/test'].post.responses['200'].content['application/json'].schema;
    expect(tested.properties.warnings).toMatchObject({ type: 'array' });
  });
});

describe('editing where a connection points', () => {
  it('needs the password again when host, port, database, username or ssl_mode change (co-owners included)', async () => {
    const owner = await signUp(t.app);
    const coOwner = await signUp(t.app);
    const created = (
      await t.app.inject({ method: 'POST', url: '/connections', headers: owner.headers, payload: body() })
    ).json();
    await t.app.inject({
      method: 'POST',
      url: `/connections/${created.id}/shares`,
      headers: owner.headers,
      payload: { user_id: coOwner.user.id, permission: 'owner' },
    });
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: `/connections/${created.id}`, headers: coOwner.headers, payload });

    const moved = await put({ port: 6543 });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.message).toBe(
      'Changing port needs the password again: AskDB never sends a stored password to a new server, database or user',
    );
    for (const change of [
      { host: 'elsewhere.example' },
      { database: 'other' },
      { username: 'mallory' },
      { ssl_mode: 'require' },
    ]) {
      expect((await put(change)).statusCode, JSON.stringify(change)).toBe(400);
    }
    // Unchanged values and plain fields need nothing; with the password, the move is tested as usual.
    expect((await put({ name: 'Renamed', port: created.port, host: created.host })).statusCode).toBe(200);
    const withPassword = await put({ port: 1, password: 'typed-again' });
    expect(withPassword.statusCode).toBe(422);
    expect(withPassword.json().error.details.reason).toBe('host_unreachable');
  });
});

describe('network policy', () => {
  let production: TestApp;

  beforeAll(async () => {
    production = await startApp({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TARGET_DENY: 'blocked.example',
    });
  });
  afterAll(() => production?.close());

  it('in production refuses loopback and private addresses and Unix sockets, naming the rule', async () => {
    const user = await signUp(production.app);
    const cases: [string, RegExp][] = [
      [
        '127.0.0.1',
        /Connections to 127\.0\.0\.1 are refused on this server: 127\.0\.0\.1 is a loopback address; an administrator may allow it in TARGET_ALLOW/,
      ],
      ['localhost', /is a loopback address/],
      ['10.20.30.40', /10\.20\.30\.40 is a private address/],
      ['/var/run/postgresql', /Unix sockets \(\/var\/run\/postgresql\) are refused on this server/],
      ['blocked.example', /Connections to blocked\.example are refused by TARGET_DENY \(rule "blocked\.example"\)/],
    ];
    for (const [host, message] of cases) {
      const response = await production.app.inject({
        method: 'POST',
        url: '/connections',
        headers: user.headers,
        payload: body({ host }),
      });
      expect(response.statusCode, host).toBe(422);
      expect(response.json().error.message).toMatch(message);
      expect(response.json().error.details.reason).toBe('network_policy');
    }
  });

  it('refuses untested connections when they are used, too', async () => {
    const user = await signUp(production.app);
    const created = await production.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers: user.headers,
      payload: body(),
    });
    const used = await production.app.inject({
      method: 'POST',
      url: `/connections/${created.json().id}/sql`,
      headers: user.headers,
      payload: { sql: 'select 1' },
    });
    expect(used.statusCode).toBe(422);
    expect(used.json().error.message).toMatch(/loopback address/);
  });

  it('TARGET_ALLOW lets an address through; TARGET_DENY wins over it', async () => {
    const allowed = await startApp({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TARGET_ALLOW: '127.0.0.0/8',
      TARGET_DENY: '127.0.0.2',
    });
    try {
      const user = await signUp(allowed.app);
      const ok = await allowed.app.inject({
        method: 'POST',
        url: '/connections',
        headers: user.headers,
        payload: body({ host: '127.0.0.1' }),
      });
      expect(ok.statusCode, ok.body).toBe(201);
      const denied = await allowed.app.inject({
        method: 'POST',
        url: '/connections',
        headers: user.headers,
        payload: body({ host: '127.0.0.2' }),
      });
      expect(denied.statusCode).toBe(422);
      expect(denied.json().error.message).toMatch(/refused by TARGET_DENY \(rule "127\.0\.0\.2"\)/);
    } finally {
      await allowed.close();
    }
  });

  it('a malformed rule stops start-up with one line naming it', () => {
    expect(() => loadConfig({ TARGET_DENY: '10.0.0.0/99' })).toThrow(
      /TARGET_DENY has a bad entry: "10\.0\.0\.0\/99" has a prefix longer than 32 bits/,
    );
  });
});

describe('rate limit on live connection tests', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await startApp({ CONNECTION_TEST_RATE_LIMIT: '3' });
  });
  afterAll(() => limited?.close());

  it('counts create, from-url and test together per user, then answers 429 with Retry-After', async () => {
    const user = await signUp(limited.app);
    const created = await limited.app.inject({
      method: 'POST',
      url: '/connections',
      headers: user.headers,
      payload: body({ port: 1 }),
    });
    expect(created.statusCode).toBe(422);
    const fromUrl = await limited.app.inject({
      method: 'POST',
      url: '/connections/from-url',
      headers: user.headers,
      payload: { url: 'postgres://x@127.0.0.1:1/db' },
    });
    expect(fromUrl.statusCode).toBe(422);
    const third = await limited.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers: user.headers,
      payload: body(),
    });
    expect(third.statusCode).toBe(201);
    const fourth = await limited.app.inject({
      method: 'POST',
      url: `/connections/${third.json().id}/test`,
      headers: user.headers,
    });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['retry-after']).toMatch(/^\d+$/);
    expect(fourth.json().error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many connection attempts; try again in/),
    });
    // Another user has a budget of their own.
    const other = await signUp(limited.app);
    expect(
      (
        await limited.app.inject({
          method: 'POST',
          url: '/connections',
          headers: other.headers,
          payload: body({ port: 1 }),
        })
      ).statusCode,
    ).toBe(422);
  });
});
