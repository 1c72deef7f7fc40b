import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ WORKER: 'off' });
});
afterAll(() => t.close());

const me = (token: string) => t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
const refresh = (token: string) =>
  t.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: token } });
const login = async (username: string, password: string) =>
  (await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } })).json() as {
    access_token: string;
    refresh_token: string;
  };
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const key = new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256');

describe('logins are sessions', () => {
  it('logout ends the login at once: its access token answers 401, other logins go on', async () => {
    const session = await signUp(t.app);
    const other = await login(session.user.username, session.password);
    expect((await me(session.access_token)).statusCode).toBe(200);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: session.headers,
      payload: { refresh_token: session.refresh_token },
    });
    expect(logout.statusCode).toBe(204);
    const after = await me(session.access_token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
    expect((await refresh(session.refresh_token)).statusCode).toBe(401);
    expect((await me(other.access_token)).statusCode).toBe(200);
    expect((await refresh(other.refresh_token)).statusCode).toBe(200);
  });

  it('a refreshed access token belongs to the same login and ends with it', async () => {
    const session = await signUp(t.app);
    const rotated = (await refresh(session.refresh_token)).json();
    expect(claims(rotated.access_token).sid).toBe(claims(session.access_token).sid);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/logout',
          headers: bearer(rotated.access_token),
          payload: { refresh_token: rotated.refresh_token },
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(session.access_token)).statusCode).toBe(401);
    expect((await me(rotated.access_token)).statusCode).toBe(401);
  });

  it('logout without a refresh token ends every login, access tokens included', async () => {
    const session = await signUp(t.app);
    const other = await login(session.user.username, session.password);
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers })).statusCode).toBe(
      204,
    );
    for (const token of [session.access_token, other.access_token]) expect((await me(token)).statusCode).toBe(401);
    for (const token of [session.refresh_token, other.refresh_token])
      expect((await refresh(token)).statusCode).toBe(401);
  });

  it('reusing a refresh token ends that login, its access tokens included', async () => {
    const session = await signUp(t.app);
    const rotated = (await refresh(session.refresh_token)).json();
    expect((await refresh(session.refresh_token)).statusCode).toBe(401);
    expect((await me(rotated.access_token)).statusCode).toBe(401);
  });

  it('a refresh family from before sessions existed keeps working once, as its own login', async () => {
    const session = await signUp(t.app);
    // What a pre-upgrade login looks like: refresh tokens whose family has no auth_sessions row.
    const legacy = randomUUID();
    await t.ctx.database.query('update refresh_tokens set family_id = $1 where user_id = $2', [
      legacy,
      session.user.id,
    ]);
    const rotated = await refresh(session.refresh_token);
    expect(rotated.statusCode).toBe(200);
    expect(claims(rotated.json().access_token).sid).toBe(legacy);
    expect((await me(rotated.json().access_token)).statusCode).toBe(200);
  });
});

describe('access token claims', () => {
  const sign = (
    payload: Record<string, unknown>,
    build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('5m'),
  ) =>
    build(
      new SignJWT({ typ: 'access', ...payload }).setProtectedHeader({ alg: 'HS256' }).setIssuer('askdb').setIssuedAt(),
    ).sign(key);

  it('refuses a correctly signed token without exp, sub or sid, or with a sub that is not a user id, with 401', async () => {
    const session = await signUp(t.app);
    const sid = claims(session.access_token).sid as string;
    const valid = await sign({ sid }, (jwt) => jwt.setSubject(session.user.id).setExpirationTime('5m'));
    expect((await me(valid)).statusCode).toBe(200);
    const forged = {
      'no exp': await sign({ sid }, (jwt) => jwt.setSubject(session.user.id)),
      'no sub': await sign({ sid }),
      'no sid': await sign({}, (jwt) => jwt.setSubject(session.user.id).setExpirationTime('5m')),
      'sub not a uuid': await sign({ sid }, (jwt) => jwt.setSubject('not-a-uuid').setExpirationTime('5m')),
      'sid not a uuid': await sign({ sid: "x' or 1=1" }, (jwt) =>
        jwt.setSubject(session.user.id).setExpirationTime('5m'),
      ),
      'sid of another login': await sign({ sid: randomUUID() }, (jwt) =>
        jwt.setSubject(session.user.id).setExpirationTime('5m'),
      ),
    };
    for (const [name, token] of Object.entries(forged)) {
      const response = await me(token);
      expect(response.statusCode, name).toBe(401);
      expect(response.json().error.code, name).toBe('unauthorized');
    }
  });
});
