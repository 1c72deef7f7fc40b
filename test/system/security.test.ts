import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '../../src/db/schema.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';

const metricsToken = 'metrics-token-for-the-scraper';
let logs = '';
let t: TestApp;
let base: string;
let owner: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  t = await startApp({ WORKER: 'off', LOG_LEVEL: 'info', METRICS_TOKEN: metricsToken }, { logStream: stream });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  owner = await signUp(t.app, 'security_owner');
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

describe('text every field must hold', () => {
  it('answers 400 for NUL bytes and unpaired surrogates in JSON and form bodies, query strings and path parameters', async () => {
    const auth = { authorization: owner.headers.authorization! };
    const cases: [string, RequestInit & { url: string }][] = [
      [
        'NUL in a JSON field',
        {
          url: '/auth/register',
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: 'nul\u0000user', email: 'n@example.com', password: 'password123' }),
        },
      ],
      [
        'NUL in a JSON password',
        {
          url: '/auth/login',
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: 'security_owner', password: 'pass\u0000word' }),
        },
      ],
      [
        'lone high surrogate',
        {
          url: '/auth/register',
          method: 'POST',
          headers: json,
          body: '{"username":"lone","email":"l@example.com","password":"password\\ud800x"}',
        },
      ],
      [
        'lone low surrogate',
        {
          url: '/auth/login',
          method: 'POST',
          headers: json,
          body: '{"username":"\\udc00abc","password":"password123"}',
        },
      ],
      [
        'NUL in a nested value',
        {
          url: '/connections?skip_test=true',
          method: 'POST',
          headers: { ...json, ...auth },
          body: JSON.stringify({
            name: 'ok',
            description: 'a\u0000b',
            host: 'h',
            database: 'd',
            username: 'u',
            password: 'secret-pw',
          }),
        },
      ],
      [
        'NUL in a key',
        { url: '/users/me', method: 'PUT', headers: { ...json, ...auth }, body: '{"user\\u0000name":"x"}' },
      ],
      [
        'NUL in a form body',
        {
          url: '/auth/login',
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'username=a%00b&password=password123',
        },
      ],
      ['NUL in a query string', { url: '/users/search?q=ab%00c', method: 'GET', headers: auth }],
      ['lone surrogate in a query string', { url: '/chat/public/abc?x=%ED%A0%80', method: 'GET' }],
      ['NUL in a path parameter', { url: '/chat/public/abcdefghijklmnop%00qrstuvwx', method: 'GET' }],
    ];
    for (const [name, { url, ...init }] of cases) {
      const response = await fetch(`${base}${url}`, init);
      const body = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
      if (name === 'lone surrogate in a query string') {
        // Invalid UTF-8 in a URL never decodes to a lone surrogate; it must simply not be a 500.
        expect(response.status, name).toBeLessThan(500);
        continue;
      }
      expect(response.status, `${name}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.error.code, name).toEqual(expect.any(String));
      expect(body.error.message, name).toMatch(/NUL|surrogate/);
    }
    const stored = await t.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from connections where description like 'a%'`,
    );
    expect(stored[0]!.n).toBe(0);
    // The refused connection never reached a query, so no log line holds its (encrypted) password.
    expect(logs).not.toMatch(/encrypted_password|secret-pw/);
  });
});

describe('logs', () => {
  it('never hold share tokens from URLs', async () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    await fetch(`${base}/chat/public/${token}`);
    await fetch(`${base}/share/${token}`, { headers: { accept: 'text/html' } });
    await fetch(`${base}/system/health?token=${token}`);
    expect(logs).toContain('/chat/public/[redacted]');
    expect(logs).toContain('/share/[redacted]');
    expect(logs).not.toContain(token);
  });

  it('never hold the parameters of a failed query, such as an encrypted password', async () => {
    const ciphertext = t.ctx.vault.encrypt('the-database-password');
    const failure = await t.ctx.db
      .insert(connections)
      .values({
        ownerId: randomUUID(),
        name: 'x',
        host: 'h',
        port: 5432,
        database: 'd',
        username: 'u',
        encryptedPassword: ciphertext,
      })
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.message).toContain(ciphertext);
    t.app.log.error({ err: failure }, 'unhandled error');
    t.ctx.log.warn({ reason: failure!.message }, 'analysis failed');
    t.ctx.log.error(`while saving: ${failure!.message}`);
    t.app.log.error({ err: new Error('wrapped', { cause: failure }) }, 'wrapped failure');
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs).toContain('Failed query: insert into \\"connections\\"');
    expect(logs).toContain('params: [redacted]');
    expect(logs).not.toContain(ciphertext);
    expect(logs).not.toContain(ciphertext.slice(-24));
  });
});

describe('/metrics', () => {
  it('needs METRICS_TOKEN as a bearer token when it is set', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: owner.headers.authorization! } })).status).toBe(
      401,
    );
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('http_requests_total');
  });
});

describe('security headers', () => {
  it('sends a strict CSP, DENY framing, nosniff and no-referrer on API answers, pages and the docs', async () => {
    for (const [path, accept] of [
      ['/system/health', 'application/json'],
      ['/db/some-id', 'text/html'],
      ['/docs/', 'text/html'],
      ['/no/such/route', 'application/json'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { headers: { accept } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe-eval');
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});
