import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { bearer } from '../helpers/app.ts';

/** register → login (by name and by email) → me → refresh → reuse rejected, family revoked → logout. */
export async function runAuthFlow(app: FastifyInstance): Promise<void> {
  const password = 'a-long-password';
  const registered = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { username: 'Flow.User', email: 'Flow@Example.com', password },
  });
  expect(registered.statusCode).toBe(201);
  const user = registered.json();
  expect(user).toMatchObject({
    username: 'flow.user',
    email: 'Flow@Example.com',
    is_active: true,
    is_superuser: false,
  });
  expect(JSON.stringify(user)).not.toContain(password);
  expect(user).not.toHaveProperty('password_hash');

  const byEmail = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username: 'flow@example.com', password },
  });
  expect(byEmail.statusCode).toBe(200);
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'flow.user', password } });
  expect(login.statusCode).toBe(200);
  const first = login.json();
  expect(first).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });

  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(first.access_token) });
  expect(me.statusCode).toBe(200);
  expect(me.json().id).toBe(user.id);

  const rotated = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    payload: { refresh_token: first.refresh_token },
  });
  expect(rotated.statusCode).toBe(200);
  const second = rotated.json();
  expect(second.refresh_token).not.toBe(first.refresh_token);

  const reuse = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    payload: { refresh_token: first.refresh_token },
  });
  expect(reuse.statusCode).toBe(401);
  expect(reuse.json().error.code).toBe('unauthorized');
  // The reuse revoked the whole family: the newest token of that login is dead too.
  const afterReuse = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    payload: { refresh_token: second.refresh_token },
  });
  expect(afterReuse.statusCode).toBe(401);
  // Another login (another family) is untouched.
  const other = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    payload: { refresh_token: byEmail.json().refresh_token },
  });
  expect(other.statusCode).toBe(200);

  const fresh = (
    await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'flow.user', password } })
  ).json();
  const logout = await app.inject({
    method: 'POST',
    url: '/auth/logout',
    headers: bearer(fresh.access_token),
    payload: { refresh_token: fresh.refresh_token },
  });
  expect(logout.statusCode).toBe(204);
  const afterLogout = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    payload: { refresh_token: fresh.refresh_token },
  });
  expect(afterLogout.statusCode).toBe(401);
}
