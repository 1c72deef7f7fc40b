import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ WORKER: 'off' });
});
afterAll(() => t.close());

const me = (token: string) => t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/auth/tokens', headers, payload });

async function appRows(sql: string, params: unknown[] = []) {
  return t.ctx.database.query(sql, params);
}

describe('personal access tokens', () => {
  it('are shown once, stored hashed, listed with name, prefix, dates and expiry', async () => {
    const alice = await signUp(t.app);
    const created = await create(alice.headers, { name: 'laptop script', expires_in_days: 30 });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.token).toMatch(/^askdb_pat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(body.token.slice('askdb_pat_'.length), 'base64url')).toHaveLength(32);
    expect(body.token.startsWith(body.prefix)).toBe(true);
    // The prefix shown in lists: 'askdb_pat_' and six characters of the secret part.
    expect(body.prefix).toBe(body.token.slice(0, 16));
    expect(new Date(body.expires_at).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const stored = await appRows('select token_hash, prefix from access_tokens where id = $1', [body.id]);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(body.token);

    const listed = await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: alice.headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: body.id,
        name: 'laptop script',
        prefix: body.prefix,
        created_at: body.created_at,
        last_used_at: null,
        expires_at: body.expires_at,
        expired: false,
      },
    ]);
    expect(listed.body).not.toContain(body.token);

    expect((await me(body.token)).json().username).toBe(alice.user.username);
    const used = (await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: alice.headers })).json();
    expect(used[0].last_used_at).not.toBeNull();
  });

  it('record their last use at most once a minute', async () => {
    const alice = await signUp(t.app);
    const { id, token } = (await create(alice.headers, { name: 'busy script' })).json();
    const lastUsed = async () =>
      (
        (await appRows('select last_used_at from access_tokens where id = $1', [id]))[0]!.last_used_at as Date
      ).getTime();
    expect((await me(token)).statusCode).toBe(200);
    const first = await lastUsed();
    expect((await me(token)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(first);
    // A use more than a minute after the recorded one is recorded.
    await appRows("update access_tokens set last_used_at = now() - interval '2 minutes' where id = $1", [id]);
    const stale = await lastUsed();
    expect((await me(token)).statusCode).toBe(200);
    expect(await lastUsed()).toBeGreaterThan(stale + 60_000);
  });

  it("act as their user, with that user's permissions on each connection", async () => {
    const owner = await signUp(t.app);
    const stranger = await signUp(t.app);
    const connection = (await connectTarget(t.app, owner.headers, 'postgres', '?skip_test=true', 'Mine')).json();
    const ownerToken = (await create(owner.headers, { name: 'o' })).json().token;
    const strangerToken = (await create(stranger.headers, { name: 's' })).json().token;
    const ownerList = await t.app.inject({ method: 'GET', url: '/connections', headers: bearer(ownerToken) });
    expect(ownerList.json().map((c: { id: string }) => c.id)).toEqual([connection.id]);
    const read = await t.app.inject({
      method: 'GET',
      url: `/connections/${connection.id}`,
      headers: bearer(strangerToken),
    });
    expect(read.statusCode).toBe(404);
  });

  it('cannot create tokens, change the password or log out (403 saying why)', async () => {
    const bob = await signUp(t.app);
    const token = (await create(bob.headers, { name: 'ci' })).json().token;
    const again = await create(bearer(token), { name: 'another' });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.message).toMatch(/personal access token cannot do this.*sign in with your password/i);
    const password = await t.app.inject({
      method: 'POST',
      url: '/users/me/change-password',
      headers: bearer(token),
      payload: { current_password: bob.password, new_password: 'another good password' },
    });
    expect(password.statusCode).toBe(403);
    expect(password.json().error.message).toMatch(/personal access token/);
    const logout = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) });
    expect(logout.statusCode).toBe(403);
    // The password still is the old one.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { username: bob.user.username, password: bob.password },
        })
      ).statusCode,
    ).toBe(200);
  });

  it("revoked: refused at once; revoking someone else's token is a 404", async () => {
    const carol = await signUp(t.app);
    const dave = await signUp(t.app);
    const created = (await create(carol.headers, { name: 'to revoke' })).json();
    expect((await me(created.token)).statusCode).toBe(200);
    const foreign = await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${created.id}`, headers: dave.headers });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'not_found', message: 'Access token not found' });
    expect((await me(created.token)).statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${created.id}`, headers: carol.headers });
    expect(revoked.statusCode).toBe(204);
    const after = await me(created.token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/revoked, has expired/);
    expect((await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: carol.headers })).json()).toEqual([]);
  });

  it('expired tokens, unknown tokens and tokens of a disabled account are refused', async () => {
    const erin = await signUp(t.app);
    const expiring = (await create(erin.headers, { name: 'short', expires_in_days: 1 })).json();
    await appRows(`update access_tokens set expires_at = now() - interval '1 second' where id = $1`, [expiring.id]);
    expect((await me(expiring.token)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/auth/tokens', headers: erin.headers })).json()[0].expired).toBe(
      true,
    );
    expect((await me(`askdb_pat_${'A'.repeat(43)}`)).statusCode).toBe(401);

    const live = (await create(erin.headers, { name: 'live' })).json();
    await appRows('update users set is_active = false where id = $1', [erin.user.id]);
    expect((await me(live.token)).statusCode).toBe(401);
  });

  it('validates name and expiry', async () => {
    const frank = await signUp(t.app);
    expect((await create(frank.headers, { name: '  ' })).statusCode).toBe(400);
    expect((await create(frank.headers, { name: 'x', expires_in_days: 0 })).statusCode).toBe(400);
    expect((await create(frank.headers, { name: 'x', expires_in_days: 1.5 })).statusCode).toBe(400);
  });
});

describe('creating tokens is rate-limited like logins', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startApp({ WORKER: 'off', AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => limited.close());

  it('answers 429 with Retry-After past AUTH_RATE_LIMIT per window', async () => {
    const register = await limited.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username: 'ratelimited', email: 'ratelimited@example.com', password: 'correct horse battery' },
    });
    expect(register.statusCode).toBe(201);
    const login = await limited.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'ratelimited', password: 'correct horse battery' },
    });
    const headers = bearer(login.json().access_token);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof limited.app.inject>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await limited.app.inject({ method: 'POST', url: '/auth/tokens', headers, payload: { name: `t${i}` } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
