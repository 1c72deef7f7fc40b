import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { presentAccessToken } from '../../src/auth/present.ts';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';

// What each /auth route declares (OpenAPI, validation, status codes, body shapes, rate limits) and
// answers. The mutation group of routes.ts and present.ts runs this file alone, so it reaches every route.

let t: TestApp;
let limited: TestApp;
beforeAll(async () => {
  [t, limited] = await Promise.all([
    startApp({ WORKER: 'off' }),
    startApp({ WORKER: 'off', AUTH_RATE_LIMIT: '2', AUTH_RATE_WINDOW_SECONDS: '60' }),
  ]);
});
afterAll(() => Promise.all([t?.close(), limited?.close()]));

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const me = (token: string) => t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function refused(response: { statusCode: number; json(): any }, status: number, message: string | RegExp) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  if (typeof message === 'string') expect(response.json().error.message).toBe(message);
  else expect(response.json().error.message).toMatch(message);
}

describe('the OpenAPI document of /auth', () => {
  const operations = {
    'POST /auth/register': false,
    'POST /auth/login': false,
    'POST /auth/refresh': false,
    'POST /auth/logout': true,
    'GET /auth/me': true,
    'POST /auth/tokens': true,
    'GET /auth/tokens': true,
    'DELETE /auth/tokens/{id}': true,
  };

  it('lists every auth route under its tag with a summary, and bearer security exactly where a login is needed', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/auth/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual(Object.keys(operations).sort());
    for (const [operation, secured] of Object.entries(operations)) {
      const [method, path] = operation.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      expect(op.tags, operation).toEqual(['auth']);
      expect(op.summary, operation).toMatch(/^[A-Z][a-z]+ .{8,}$/);
      if (secured) expect(op.security, operation).toEqual([{ bearerAuth: [] }, { oauth2: [] }]);
      else expect(op.security, operation).toBeUndefined();
    }
    // Each operation documents its success answer (the web client's types are generated from these).
    const answers: Record<string, [string, string[] | 'list' | 'empty']> = {
      'POST /auth/register': ['201', ['id', 'username', 'email', 'is_active', 'is_superuser', 'created_at']],
      'POST /auth/login': ['200', ['access_token', 'refresh_token', 'token_type', 'expires_in']],
      'POST /auth/refresh': ['200', ['access_token', 'refresh_token', 'token_type', 'expires_in']],
      'POST /auth/logout': ['204', 'empty'],
      'GET /auth/me': ['200', ['id', 'username', 'email', 'is_active', 'is_superuser', 'created_at']],
      'POST /auth/tokens': [
        '201',
        ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'expired', 'token'],
      ],
      'GET /auth/tokens': ['200', 'list'],
      'DELETE /auth/tokens/{id}': ['204', 'empty'],
    };
    for (const [operation, [status, shape]] of Object.entries(answers)) {
      const [method, path] = operation.split(' ') as [string, string];
      const responses = doc.paths[path][method.toLowerCase()].responses;
      expect(Object.keys(responses), operation).toEqual([status]);
      const schema = responses[status].content['application/json'].schema;
      if (shape === 'empty') expect(schema, operation).toMatchObject({ enum: [null] });
      else if (shape === 'list') expect(Object.keys(schema.items.properties), operation).toContain('expired');
      else expect(Object.keys(schema.properties), operation).toEqual(shape);
    }
    expect(Object.keys(doc.paths['/auth/login'].post.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
  });
});

describe('register, login, me', () => {
  it('register answers 201 with the user (never the password); login and me work with it', async () => {
    const registered = await post('/auth/register', {
      username: ' Route.User ',
      email: 'Route.User@example.com',
      password: 'a long password',
    });
    expect(registered.statusCode).toBe(201);
    const user = registered.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'route.user',
      email: 'Route.User@example.com',
      is_active: true,
      is_superuser: false,
      created_at: expect.stringMatching(ISO),
    });

    const login = await post('/auth/login', { username: 'route.user', password: 'a long password' });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refresh_token: expect.any(String),
      token_type: 'bearer',
      expires_in: t.ctx.tokens.expiresInSeconds,
    });
    const form = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'route.user', password: 'a long password' }).toString(),
    });
    expect(form.statusCode).toBe(200);

    const current = await me(login.json().access_token);
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual(user);
  });

  it('refuses an empty login name or password, saying which', async () => {
    refused(await post('/auth/login', { username: '', password: 'x' }), 400, /Enter your username or email/);
    refused(await post('/auth/login', { username: 'someone', password: '' }), 400, /Enter your password/);
    refused(await post('/auth/login', { username: 'someone' }), 400, /password/);
  });
});

describe('refresh and logout', () => {
  it('refresh answers a new pair for a valid token and 400 for an empty one', async () => {
    const session = await signUp(t.app);
    const rotated = await post('/auth/refresh', { refresh_token: session.refresh_token });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toMatchObject({ token_type: 'bearer', expires_in: t.ctx.tokens.expiresInSeconds });
    expect(rotated.json().refresh_token).not.toBe(session.refresh_token);
    expect((await me(rotated.json().access_token)).statusCode).toBe(200);
    expect((await post('/auth/refresh', { refresh_token: '' })).statusCode).toBe(400);
  });

  it('logout with a refresh token ends that login and the caller’s, answering 204 with no body', async () => {
    const session = await signUp(t.app);
    const other = (await post('/auth/login', { username: session.user.username, password: session.password })).json();
    const third = (await post('/auth/login', { username: session.user.username, password: session.password })).json();
    const out = await post('/auth/logout', { refresh_token: other.refresh_token }, session.headers);
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await me(session.access_token)).statusCode).toBe(401);
    expect((await me(other.access_token)).statusCode).toBe(401);
    expect((await me(third.access_token)).statusCode).toBe(200);
  });

  it('logout without a body ends every login of the user', async () => {
    const session = await signUp(t.app);
    const other = (await post('/auth/login', { username: session.user.username, password: session.password })).json();
    const out = await post('/auth/logout', undefined, session.headers);
    expect(out.statusCode).toBe(204);
    expect((await me(other.access_token)).statusCode).toBe(401);
    expect((await me(session.access_token)).statusCode).toBe(401);
  });

  it('logout needs a login', async () => {
    refused(await post('/auth/logout'), 401, /Authentication required/);
  });
});

describe('personal access tokens', () => {
  it('created (201, the token shown once, the name trimmed), listed, used and revoked (204)', async () => {
    const owner = await signUp(t.app);
    const created = await post('/auth/tokens', { name: '  nightly job  ', expires_in_days: 10 }, owner.headers);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'nightly job',
      prefix: body.token.slice(0, 16),
      created_at: expect.stringMatching(ISO),
      last_used_at: null,
      expires_at: expect.stringMatching(ISO),
      expired: false,
      token: expect.stringMatching(/^askdb_pat_/),
    });
    const days = (Date.parse(body.expires_at) - Date.parse(body.created_at)) / 86_400_000;
    expect(days).toBeGreaterThan(9.99);
    expect(days).toBeLessThan(10.01);

    const forever = (await post('/auth/tokens', { name: 'forever' }, owner.headers)).json();
    expect(forever).toMatchObject({ expires_at: null, expired: false });
    expect((await me(forever.token)).statusCode).toBe(200);

    const listed = await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: owner.headers });
    expect(listed.statusCode).toBe(200);
    const { token: _shownOnce, ...firstListed } = body;
    expect(listed.json()).toEqual([
      { ...forever, token: undefined, last_used_at: expect.stringMatching(ISO) },
      firstListed,
    ]);
    for (const shown of [body.token, forever.token]) expect(listed.body).not.toContain(shown);

    const revoke = await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${forever.id}`, headers: owner.headers });
    expect(revoke.statusCode).toBe(204);
    expect(revoke.body).toBe('');
    expect((await me(forever.token)).statusCode).toBe(401);
    const after = (await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: owner.headers })).json();
    expect(after.map((token: { id: string }) => token.id)).toEqual([body.id]);
  });

  it('counts a token as expired from the very instant of its expiry', () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    vi.useFakeTimers({ now });
    try {
      const row = {
        id: crypto.randomUUID(),
        userId: crypto.randomUUID(),
        name: 'n',
        prefix: 'askdb_pat_abcdef',
        tokenHash: 'h',
        createdAt: new Date('2026-02-01T00:00:00.000Z'),
        lastUsedAt: null,
        revokedAt: null,
      };
      expect(presentAccessToken({ ...row, expiresAt: new Date(now.getTime()) }).expired).toBe(true);
      expect(presentAccessToken({ ...row, expiresAt: new Date(now.getTime() + 1) }).expired).toBe(false);
      expect(presentAccessToken({ ...row, expiresAt: null })).toMatchObject({ expired: false, expires_at: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a token past its expiry as expired', async () => {
    const owner = await signUp(t.app);
    const created = (await post('/auth/tokens', { name: 'short', expires_in_days: 1 }, owner.headers)).json();
    await t.ctx.database.query("update access_tokens set expires_at = now() - interval '1 minute' where id = $1", [
      created.id,
    ]);
    const [listed] = (await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: owner.headers })).json();
    expect(listed).toMatchObject({ id: created.id, expired: true });
    expect(Date.parse(listed.expires_at)).toBeLessThan(Date.now());
  });

  it('validates the name, the expiry and the id, saying what is wrong', async () => {
    const owner = await signUp(t.app);
    refused(await post('/auth/tokens', { name: '   ' }, owner.headers), 400, /Name the token \(what will use it\?\)/);
    refused(await post('/auth/tokens', { name: 'x'.repeat(101) }, owner.headers), 400, /name/);
    for (const expires_in_days of [0, 3651, 2.5]) {
      expect((await post('/auth/tokens', { name: 'x', expires_in_days }, owner.headers)).statusCode).toBe(400);
    }
    refused(
      await t.app.inject({ method: 'DELETE', url: '/auth/tokens/not-a-uuid', headers: owner.headers }),
      400,
      /Token id must be a UUID/,
    );
  });

  it('a personal access token cannot create tokens, and every token route needs a caller', async () => {
    const owner = await signUp(t.app);
    const token = (await post('/auth/tokens', { name: 'script' }, owner.headers)).json().token;
    refused(await post('/auth/tokens', { name: 'more' }, bearer(token)), 403, /personal access token cannot do this/);
    refused(await post('/auth/tokens', { name: 'anonymous' }), 401, /Authentication required/);
    refused(await t.app.inject({ method: 'GET', url: '/auth/tokens' }), 401, /Authentication required/);
    refused(
      await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${crypto.randomUUID()}` }),
      401,
      /Authentication required/,
    );
    refused(await t.app.inject({ method: 'GET', url: '/auth/me' }), 401, /Authentication required/);
  });
});

describe('rate limits (AUTH_RATE_LIMIT per AUTH_RATE_WINDOW_SECONDS, each route counted on its own)', () => {
  const inject = (url: string, payload: object, headers: Record<string, string> = {}) =>
    limited.app.inject({ method: 'POST', url, payload, headers });

  async function thirdIsLimited(attempt: () => ReturnType<typeof inject>, allowed: number) {
    const first = [(await attempt()).statusCode, (await attempt()).statusCode];
    expect(first).toEqual([allowed, allowed]);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('limit register, login and token creation', async () => {
    let n = 0;
    const register = () =>
      inject('/auth/register', {
        username: `limited${++n}`,
        email: `limited${n}@example.com`,
        password: 'a long password',
      });
    await thirdIsLimited(register, 201);
    // The login budget is its own: both allowed attempts log the user in.
    const login = () => inject('/auth/login', { username: 'limited1', password: 'a long password' });
    const first = await login();
    expect(first.statusCode).toBe(200);
    expect((await login()).statusCode).toBe(200);
    const blocked = await login();
    expect(blocked.statusCode).toBe(429);
    const headers = bearer(first.json().access_token);
    let k = 0;
    await thirdIsLimited(() => inject('/auth/tokens', { name: `t${++k}` }, headers), 201);
  });
});
