import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { runAuthFlow } from './flow.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

const register = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/auth/register', payload: payload as object });

describe('auth on PostgreSQL', () => {
  it('runs the whole flow: register, login, me, refresh rotation, reuse detection, logout', async () => {
    await runAuthFlow(t.app);
  });

  it('refuses duplicate usernames and emails with 409', async () => {
    await signUp(t.app, 'dupe');
    const sameName = await register({ username: 'dupe', email: 'other@example.com', password: 'password123' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.message).toMatch(/username/i);
    const sameEmail = await register({ username: 'dupe2', email: 'DUPE@example.com', password: 'password123' });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().error.message).toMatch(/email/i);
  });

  it('of two registrations racing for one name or email, one wins and the other gets 409 naming the field', async () => {
    // Both usually pass the look-up before either inserts (hashing the password sits between), so
    // the unique index decides; whichever way it goes, the answers are the same.
    const sameName = await Promise.all([
      register({ username: 'racer', email: 'racer1@example.com', password: 'password123' }),
      register({ username: 'racer', email: 'racer2@example.com', password: 'password123' }),
    ]);
    expect(sameName.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(sameName.find((r) => r.statusCode === 409)!.json().error).toMatchObject({
      code: 'conflict',
      message: 'This username is already taken',
      details: { field: 'username' },
    });
    const sameEmail = await Promise.all([
      register({ username: 'racer3', email: 'racer@example.com', password: 'password123' }),
      register({ username: 'racer4', email: 'racer@example.com', password: 'password123' }),
    ]);
    expect(sameEmail.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(sameEmail.find((r) => r.statusCode === 409)!.json().error).toMatchObject({
      code: 'conflict',
      message: 'An account with this email already exists',
      details: { field: 'email' },
    });
  });

  it('rejects weak passwords, bad emails and bad usernames with a message', async () => {
    const weak = await register({ username: 'weakling', email: 'w@example.com', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'validation_error' });
    expect(weak.json().error.message).toMatch(/at least 8/);
    const badEmail = await register({ username: 'bademail', email: 'not-an-email', password: 'password123' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.message).toMatch(/email/i);
    for (const username of [
      "x'; DROP TABLE users; --",
      'robert"); select',
      'ünïcödé',
      '名前名前',
      'ab',
      'a'.repeat(33),
      'has space',
    ]) {
      const response = await register({ username, email: 'u@example.com', password: 'password123' });
      expect(response.statusCode, username).toBe(400);
      expect(response.json().error.code).toBe('validation_error');
    }
    const users = await t.ctx.database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [
      'u@example.com',
    ]);
    expect(users[0]!.n).toBe(0);
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const { user } = await signUp(t.app);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'nobody-here', password: 'whatever1' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: user.username, password: 'wrong-password' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('accepts the OAuth2 password form used by the /docs Authorize button', async () => {
    const { user, password } = await signUp(t.app);
    const response = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', username: user.username, password }).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().token_type).toBe('bearer');
  });

  it('refuses inactive users at login and with a still-valid token', async () => {
    const { user, password, headers } = await signUp(t.app);
    await t.ctx.database.query('update users set is_active = false where id = $1', [user.id]);
    const login = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: user.username, password },
    });
    expect(login.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/auth/me', headers })).statusCode).toBe(401);
  });

  it('rejects missing, malformed, tampered and expired access tokens', async () => {
    const { access_token, user } = await signUp(t.app);
    expect((await t.app.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: 'Basic abc' } })).statusCode,
    ).toBe(401);
    const [head, body, signature] = access_token.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ typ: 'access', sub: user.id, iss: 'askdb', exp: 9999999999 }),
    ).toString('base64url');
    const tampered = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: bearer(`${head}.${forgedBody}.${signature}`),
    });
    expect(tampered.statusCode).toBe(401);
    expect(body).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const key = new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256');
    const { sid } = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { sid: string };
    const expired = await new SignJWT({ typ: 'access', sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('askdb')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const expiredResponse = await t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(expired) });
    expect(expiredResponse.statusCode).toBe(401);
    expect(expiredResponse.json().error.message).toMatch(/expired/i);
    const otherKey = await new SignJWT({ typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('askdb')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect((await t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(otherKey) })).statusCode).toBe(401);
  });

  it('stores an argon2id hash, never the password', async () => {
    const { user, password } = await signUp(t.app);
    const client = new pg.Client({ connectionString: t.ctx.config.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('select password_hash from users where id = $1', [user.id]);
    await client.end();
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0].password_hash).not.toContain(password);
  });

  it('logout without a refresh token ends every login of the user', async () => {
    const session = await signUp(t.app);
    const second = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: session.user.username, password: session.password },
      })
    ).json();
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers })).statusCode).toBe(
      204,
    );
    for (const token of [session.refresh_token, second.refresh_token]) {
      expect(
        (await t.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: token } })).statusCode,
      ).toBe(401);
    }
  });
});

describe('rate limiting', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startApp({ AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => limited.close());

  it('answers 429 with Retry-After once an IP exceeds the login limit', async () => {
    const attempt = () =>
      limited.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'x', password: 'y' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.json().error.code).toBe('rate_limited');
  });
});
