import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

describe('users', () => {
  it('searches usernames by prefix and shows an email only to someone who typed it exactly', async () => {
    const me = await signUp(t.app, 'searcher');
    for (let i = 0; i < 23; i++) await signUp(t.app, `teammate${String(i).padStart(2, '0')}`);
    // Search is for sharing: the searcher owns a connection (not tested, so any address will do).
    const owned = await connectTarget(t.app, me.headers, 'askdb_search_owned', '?skip_test=true');
    expect(owned.statusCode, owned.body).toBe(201);
    const response = await t.app.inject({ method: 'GET', url: '/users/search?q=team', headers: me.headers });
    expect(response.statusCode).toBe(200);
    const found = response.json();
    expect(found).toHaveLength(20);
    expect(found[0]).toEqual({ id: expect.any(String), username: 'teammate00' });
    expect(response.body).not.toMatch(/argon2|password|@example\.com/i);
    // An email prefix finds nobody: addresses cannot be listed letter by letter.
    const byPrefix = await t.app.inject({ method: 'GET', url: '/users/search?q=teammate05%40ex', headers: me.headers });
    expect(byPrefix.json()).toEqual([]);
    const byDomain = await t.app.inject({ method: 'GET', url: '/users/search?q=example.com', headers: me.headers });
    expect(byDomain.json()).toEqual([]);
    const byEmail = await t.app.inject({
      method: 'GET',
      url: '/users/search?q=TeamMate05%40Example.com',
      headers: me.headers,
    });
    expect(byEmail.json()).toEqual([
      { id: expect.any(String), username: 'teammate05', email: 'teammate05@example.com' },
    ]);
    const wildcard = await t.app.inject({ method: 'GET', url: '/users/search?q=%25%25', headers: me.headers });
    expect(wildcard.json()).toEqual([]);
    const short = await t.app.inject({ method: 'GET', url: '/users/search?q=t', headers: me.headers });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/at least 2/);
    expect((await t.app.inject({ method: 'GET', url: '/users/search?q=team' })).statusCode).toBe(401);
  });

  it('gives someone who can share nothing usernames only, and no lookup by email', async () => {
    const chatter = await signUp(t.app, 'onlychats');
    const search = await t.app.inject({ method: 'GET', url: '/users/search?q=teammate0', headers: chatter.headers });
    expect(search.statusCode, search.body).toBe(200);
    const found = search.json();
    expect(found).toHaveLength(10);
    expect(found[0]).toEqual({ username: 'teammate00' });
    const byEmail = await t.app.inject({
      method: 'GET',
      url: '/users/search?q=teammate05%40example.com',
      headers: chatter.headers,
    });
    expect(byEmail.json()).toEqual([]);
  });

  it('updates the profile and enforces uniqueness', async () => {
    const me = await signUp(t.app, 'renamer');
    await signUp(t.app, 'taken');
    const rename = await t.app.inject({
      method: 'PUT',
      url: '/users/me',
      headers: me.headers,
      payload: { username: 'renamed', email: 'new@example.com' },
    });
    expect(rename.statusCode).toBe(200);
    expect(rename.json()).toMatchObject({ username: 'renamed', email: 'new@example.com' });
    const clash = await t.app.inject({
      method: 'PUT',
      url: '/users/me',
      headers: me.headers,
      payload: { username: 'taken' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({
      code: 'conflict',
      message: 'This username is already taken',
      details: { field: 'username' },
    });
    const emailClash = await t.app.inject({
      method: 'PUT',
      url: '/users/me',
      headers: me.headers,
      payload: { email: 'TAKEN@example.com' },
    });
    expect(emailClash.statusCode).toBe(409);
    expect(emailClash.json().error).toMatchObject({
      code: 'conflict',
      message: 'An account with this email already exists',
      details: { field: 'email' },
    });
    const keepOwn = await t.app.inject({
      method: 'PUT',
      url: '/users/me',
      headers: me.headers,
      payload: { email: 'new@example.com' },
    });
    expect(keepOwn.statusCode).toBe(200);
    const empty = await t.app.inject({ method: 'PUT', url: '/users/me', headers: me.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('changes the password only with the current one, signs out every other login and keeps the caller signed in', async () => {
    const me = await signUp(t.app);
    const elsewhere = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: me.user.username, password: me.password },
      })
    ).json();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/users/me/change-password',
      headers: me.headers,
      payload: { current_password: 'not-it-at-all', new_password: 'brand-new-password' },
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/users/me/change-password',
      headers: me.headers,
      payload: { current_password: me.password, new_password: 'brand-new-password' },
    });
    expect(ok.statusCode).toBe(204);
    // The other login ends at once, access token included.
    expect(
      (await t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(elsewhere.access_token) })).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/refresh',
          payload: { refresh_token: elsewhere.refresh_token },
        })
      ).statusCode,
    ).toBe(401);
    // The caller stays signed in.
    expect((await t.app.inject({ method: 'GET', url: '/auth/me', headers: me.headers })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: me.refresh_token } }))
        .statusCode,
    ).toBe(200);
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: me.user.username, password: me.password },
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: me.user.username, password: 'brand-new-password' },
    });
    expect(newLogin.statusCode).toBe(200);
  });
});
