/** What a bench does over HTTP before measuring: users, a connection to the target, shares, readiness. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BenchUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function registerUser(base: string, username: string): Promise<BenchUser> {
  const password = 'correct horse battery staple';
  const registered = await call(base, 'POST', '/auth/register', {
    username,
    email: `${username}@example.com`,
    password,
  });
  if (registered.status !== 201)
    throw new Error(`register ${username}: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await call(base, 'POST', '/auth/login', { username, password });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  return { id: registered.body.id, username, password, token: login.body.access_token };
}

/** Logs in again (access tokens last JWT_EXPIRE_MINUTES). */
export async function relogin(base: string, user: BenchUser): Promise<BenchUser> {
  const login = await call(base, 'POST', '/auth/login', { username: user.username, password: user.password });
  if (login.status !== 200) throw new Error(`login ${user.username}: ${login.status}`);
  return { ...user, token: login.body.access_token };
}

export interface TargetAddress {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
}

export async function addConnection(
  base: string,
  owner: BenchUser,
  name: string,
  target: TargetAddress,
): Promise<string> {
  const created = await call(base, 'POST', '/connections', { name, ...target, ssl_mode: 'disable' }, owner.token);
  if (created.status !== 201) throw new Error(`connection ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** Waits (at most `timeoutMs`) until the connection's analysis is ready. */
export async function waitReady(
  base: string,
  owner: BenchUser,
  connectionId: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const { body } = await call(base, 'GET', `/connections/${connectionId}`, undefined, owner.token);
    last = `${body.status} ${body.status_message ?? ''}`;
    if (body.status === 'ready') return;
    if (body.status === 'error') throw new Error(`analysis failed: ${last}`);
    await sleep(250);
  }
  throw new Error(`analysis not ready after ${timeoutMs / 1000} s (${last})`);
}

export async function shareWith(
  base: string,
  owner: BenchUser,
  connectionId: string,
  user: BenchUser,
  permission: 'chat' | 'view' | 'owner',
): Promise<void> {
  const shared = await call(
    base,
    'POST',
    `/connections/${connectionId}/shares`,
    { user_id: user.id, permission },
    owner.token,
  );
  if (shared.status !== 201 && shared.status !== 200)
    throw new Error(`share: ${shared.status} ${JSON.stringify(shared.body)}`);
}
