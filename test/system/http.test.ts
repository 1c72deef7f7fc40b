import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startApp({ BODY_LIMIT_BYTES: '4096', CORS_ORIGINS: 'http://allowed.example' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => t.close());

describe('HTTP behaviour over a real socket', () => {
  it('serves health, OpenAPI and the docs', async () => {
    const health = await fetch(`${base}/system/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      mode: 'server',
      database: { ok: true },
      migrations: { ok: true },
    });
    const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/login', '/users/search', '/system/health']),
    );
    expect((await fetch(`${base}/docs/`)).status).toBe(200);
  });

  it('answers unknown routes, malformed JSON and oversized bodies in the one error format', async () => {
    const missing = await fetch(`${base}/no/such/route`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /no/such/route' } });
    const malformed = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    const huge = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'big', email: 'big@example.com', password: 'x'.repeat(10_000) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('accepts an empty JSON body on routes without a body, and asks for the body where one is needed', async () => {
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        username: 'emptybody',
        email: 'emptybody@example.com',
        password: 'a long enough password',
      }),
    });
    expect(registered.status).toBe(201);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'emptybody', password: 'a long enough password' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const auth = { ...json, authorization: `Bearer ${access_token}` };
    const created = await fetch(`${base}/auth/tokens`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'script' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const deleted = await fetch(`${base}/auth/tokens/${id}`, { method: 'DELETE', headers: auth, body: '' });
    expect(deleted.status).toBe(204);
    const logout = await fetch(`${base}/auth/logout`, { method: 'POST', headers: auth, body: '' });
    expect(logout.status).toBe(204);
    expect((await fetch(`${base}/auth/me`, { headers: auth })).status).toBe(401);
    const bodiless = await fetch(`${base}/auth/login`, { method: 'POST', headers: json, body: '' });
    expect(bodiless.status).toBe(400);
    expect(((await bodiless.json()) as { error: { code: string } }).error.code).toBe('validation_error');
  });

  it('answers browsers with the web UI on page paths, and keeps API paths JSON', async () => {
    const page = await fetch(`${base}/db/some-id`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${base}/chat/nope/nope/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('tags every response with a request id and honours CORS_ORIGINS', async () => {
    const response = await fetch(`${base}/system/health`, {
      headers: { 'x-request-id': 'trace-me-123', origin: 'http://allowed.example' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    const other = await fetch(`${base}/system/health`, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
