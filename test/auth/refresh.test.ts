import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../../src/auth/tokens.ts';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ WORKER: 'off', REFRESH_EXPIRE_DAYS: '7' });
});
afterAll(() => t.close());

const refresh = (token: string) =>
  t.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: token } });
const me = (token: string) => t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });

async function tokenRow(token: string) {
  const [row] = await t.ctx.database.query<{
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
    family_id: string;
  }>('select expires_at, used_at, revoked_at, family_id from refresh_tokens where token_hash = $1', [
    hashRefreshToken(token),
  ]);
  return row;
}

function refusedWith(response: { statusCode: number; json(): any }, message: string) {
  expect(response.statusCode).toBe(401);
  expect(response.json().error).toMatchObject({ code: 'unauthorized', message });
}

describe('refresh', () => {
  it('issues a refresh token that lives REFRESH_EXPIRE_DAYS, stored by its hash', async () => {
    const session = await signUp(t.app);
    const row = await tokenRow(session.refresh_token);
    expect(row).toMatchObject({ used_at: null, revoked_at: null });
    const days = (row!.expires_at.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('rotates: a new pair for the same login, the old token marked used', async () => {
    const session = await signUp(t.app);
    const rotated = await refresh(session.refresh_token);
    expect(rotated.statusCode).toBe(200);
    const pair = rotated.json();
    expect(pair).toMatchObject({ token_type: 'bearer', expires_in: t.ctx.tokens.expiresInSeconds });
    expect((await tokenRow(session.refresh_token))!.used_at).toBeInstanceOf(Date);
    expect((await tokenRow(pair.refresh_token))!.family_id).toBe((await tokenRow(session.refresh_token))!.family_id);
    expect((await me(pair.access_token)).statusCode).toBe(200);
  });

  it('refuses an unknown token', async () => {
    refusedWith(await refresh('no-such-token'), 'Invalid refresh token');
  });

  it('refuses an expired refresh token and does not use it up', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query(
      "update refresh_tokens set expires_at = now() - interval '1 second' where token_hash = $1",
      [hashRefreshToken(session.refresh_token)],
    );
    refusedWith(await refresh(session.refresh_token), 'Refresh token expired');
    expect(await tokenRow(session.refresh_token)).toMatchObject({ used_at: null, revoked_at: null });
    // The login itself goes on: its access token still works.
    expect((await me(session.access_token)).statusCode).toBe(200);
  });

  it('refuses a token that expires this very moment', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query('update refresh_tokens set expires_at = now() where token_hash = $1', [
      hashRefreshToken(session.refresh_token),
    ]);
    refusedWith(await refresh(session.refresh_token), 'Refresh token expired');
  });

  it('refuses a disabled user, even with a live, unexpired token', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query('update users set is_active = false where id = $1', [session.user.id]);
    refusedWith(await refresh(session.refresh_token), 'This account is disabled');
  });

  it('refuses a token of a login that was signed out, naming that', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query('update auth_sessions set revoked_at = now() where user_id = $1', [session.user.id]);
    refusedWith(await refresh(session.refresh_token), 'This login was signed out');
  });

  it('a token presented twice signs the whole login out', async () => {
    const session = await signUp(t.app);
    const pair = (await refresh(session.refresh_token)).json();
    refusedWith(
      await refresh(session.refresh_token),
      'Refresh token was already used; all sessions from this login were signed out',
    );
    expect((await tokenRow(pair.refresh_token))!.revoked_at).toBeInstanceOf(Date);
    expect((await me(pair.access_token)).statusCode).toBe(401);
  });

  it('of two refreshes racing with one token, exactly one wins and the login is signed out', async () => {
    const session = await signUp(t.app);
    const results = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const loser = results.find((r) => r.statusCode === 401)!;
    expect(loser.json().error.message).toBe(
      'Refresh token was already used; all sessions from this login were signed out',
    );
    // The winner's new token dies with its login: revoked with it, or found signed out when it was
    // issued just after the loser signed the login out (both orders happen).
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const after = await refresh(winner.refresh_token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(
      /^(Refresh token was already used; all sessions from this login were signed out|This login was signed out)$/,
    );
  });
});

describe('login', () => {
  it('names a disabled account only after the password was right', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query('update users set is_active = false where id = $1', [session.user.id]);
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: session.user.username, password } });
    refusedWith(await login(session.password), 'This account is disabled');
    refusedWith(await login('wrong password'), 'Incorrect username or password');
  });

  it('accepts the login name with surrounding spaces and in any case, and the email in any case', async () => {
    const session = await signUp(t.app);
    for (const name of [`  ${session.user.username.toUpperCase()} `, session.user.email.toUpperCase()]) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: name, password: session.password },
      });
      expect(login.statusCode, name).toBe(200);
    }
  });
});

describe('logout with a refresh token', () => {
  it("ends the caller's login and the refresh token's login, and no one else's", async () => {
    const alice = await signUp(t.app);
    const second = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: alice.user.username, password: alice.password },
      })
    ).json();
    const third = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: alice.user.username, password: alice.password },
      })
    ).json();
    const bob = await signUp(t.app);
    // Alice logs out of her first login, handing in her second login's refresh token.
    const out = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: alice.headers,
      payload: { refresh_token: second.refresh_token },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(alice.access_token)).statusCode).toBe(401);
    expect((await me(second.access_token)).statusCode).toBe(401);
    expect((await me(third.access_token)).statusCode).toBe(200);
    // Bob's refresh token handed in by Alice does not end Bob's login.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/logout',
          headers: bearer(third.access_token),
          payload: { refresh_token: bob.refresh_token },
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(bob.access_token)).statusCode).toBe(200);
    expect((await me(third.access_token)).statusCode).toBe(401);
  });
});

describe('the Authorization header', () => {
  const meWith = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/auth/me', headers: authorization === undefined ? {} : { authorization } });

  it('says what is missing or malformed', async () => {
    refusedWith(await meWith(), 'Authentication required: send "Authorization: Bearer <access token>"');
    for (const header of ['Basic abc', 'Bearer', 'Bearer ', 'Token abc']) {
      refusedWith(await meWith(header), 'Authorization header must be "Bearer <access token>"');
    }
  });

  it('takes the scheme in any case', async () => {
    const session = await signUp(t.app);
    expect((await meWith(`bearer ${session.access_token}`)).statusCode).toBe(200);
    expect((await meWith(`BEARER ${session.access_token}`)).json().id).toBe(session.user.id);
  });

  it('names why a login token no longer works', async () => {
    const session = await signUp(t.app);
    await t.ctx.database.query('update users set is_active = false where id = $1', [session.user.id]);
    refusedWith(
      await meWith(`Bearer ${session.access_token}`),
      'This login has ended, or the account no longer exists or is disabled',
    );
    refusedWith(
      await meWith('Bearer askdb_pat_nope'),
      'This access token is not valid: it was revoked, has expired, or its account is disabled',
    );
  });
});
