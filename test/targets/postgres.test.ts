import { createServer, type Server, type Socket } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  describeTargetError,
  testTarget,
  TargetPools,
  type FailureReason,
  type TargetParams,
  type TestResult,
} from '../../src/targets/postgres.ts';
import { startPrivateCluster, type PrivateCluster } from '../helpers/cluster.ts';

// Passwords that are substrings of nothing else, with characters a URL would have to encode.
const password = 'Pw-9f3K!x%40@:/';
const wrongPassword = 'Wr0ng-Pw-7q%2F@:/';
const secrets = [password, wrongPassword, encodeURIComponent(password), encodeURIComponent(wrongPassword)];

let plain: PrivateCluster; // scram-sha-256, ssl = off
let sslOnly: PrivateCluster; // scram-sha-256, ssl = on, pg_hba has only hostssl lines

beforeAll(async () => {
  [plain, sslOnly] = await Promise.all([startPrivateCluster(), startPrivateCluster({ ssl: true, hostsslOnly: true })]);
  for (const cluster of [plain, sslOnly]) {
    for (const sql of [
      `CREATE ROLE ann LOGIN PASSWORD '${password}'`,
      `CREATE ROLE bob LOGIN PASSWORD '${password}'`,
      `CREATE ROLE carol NOLOGIN PASSWORD '${password}'`,
      'CREATE DATABASE sales',
      'CREATE DATABASE vault',
      'REVOKE CONNECT ON DATABASE vault FROM PUBLIC',
    ])
      await cluster.query(sql);
  }
});

afterAll(async () => {
  await Promise.all([plain?.stop(), sslOnly?.stop()]);
});

function paramsFor(cluster: PrivateCluster, overrides: Partial<TargetParams> = {}): TargetParams {
  return {
    host: cluster.host,
    port: cluster.port,
    database: 'sales',
    username: 'ann',
    password,
    sslMode: 'disable',
    ...overrides,
  };
}

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/postgres(ql)?:\/\//);
}

function expectFailure(result: TestResult, reason: FailureReason, message: string | RegExp): void {
  expect(result, result.message).toMatchObject({ ok: false, reason, server_version: null, latency_ms: null });
  if (typeof message === 'string') expect(result.message).toBe(message);
  else expect(result.message).toMatch(message);
  expectNoSecrets(result.message);
}

function expectSuccess(result: TestResult): void {
  expect(result, result.message).toMatchObject({ ok: true, server_version: expect.stringMatching(/^\d+\.\d+/) });
  expect(result.reason).toBeUndefined();
  expect(result.latency_ms).toEqual(expect.any(Number));
  expect(result.latency_ms).toBeGreaterThanOrEqual(0);
  expect(result.latency_ms).toBeLessThan(5000);
  expectNoSecrets(result.message);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function usesTls(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
  return rows[0]!.ssl;
}

describe('testTarget', () => {
  it('connects and reports the server version and latency', async () => {
    const result = await testTarget(paramsFor(plain));
    expectSuccess(result);
    const { rows } = await plain.query<{ version: string }>("select current_setting('server_version') as version");
    expect(result.server_version).toBe(rows[0]!.version);
    expect(result.message).toMatch(
      new RegExp(`^Connected to PostgreSQL [\\d.]+ at 127\\.0\\.0\\.1:${plain.port} in \\d+ ms$`),
    );
  });

  it('says the password was wrong', async () => {
    const result = await testTarget(paramsFor(plain, { username: 'bob', password: wrongPassword }));
    expectFailure(result, 'auth_failed', 'Password authentication failed for user "bob"');
  });

  it('says a user without a password cannot log in where one is asked', async () => {
    const result = await testTarget(paramsFor(plain, { password: '' }));
    expectFailure(result, 'auth_failed', /asks for a password for user "ann"/);
  });

  it('says a role may not log in', async () => {
    const result = await testTarget(paramsFor(plain, { username: 'carol' }));
    expectFailure(result, 'auth_failed', 'User "carol" is not allowed to log in (the role lacks LOGIN)');
  });

  it('says the database does not exist', async () => {
    const result = await testTarget(paramsFor(plain, { database: 'no_such_db' }));
    expectFailure(result, 'database_missing', 'Database "no_such_db" does not exist on 127.0.0.1');
  });

  it('says the user lacks the CONNECT privilege', async () => {
    const result = await testTarget(paramsFor(plain, { database: 'vault' }));
    expectFailure(
      result,
      'no_connect_privilege',
      'User "ann" may not connect to database "vault" (no CONNECT privilege)',
    );
  });

  it('says the host cannot be reached', async () => {
    const port = await closedPort();
    const result = await testTarget(paramsFor(plain, { port }));
    expectFailure(result, 'host_unreachable', `Cannot reach 127.0.0.1:${port}: connection refused`);
  });

  describe('against a server that accepts and never answers', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Reads (and ignores) what arrives, so it sees the client hang up.
      silent = createServer((socket) => {
        sockets.push(socket);
        socket.resume();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it.each(['disable', 'prefer'] as const)('gives up after the timeout (sslmode %s)', async (sslMode) => {
      const { port } = silent.address() as { port: number };
      const result = await testTarget(paramsFor(plain, { port, sslMode }), { timeoutMs: 500 });
      expectFailure(result, 'timeout', `No answer from 127.0.0.1:${port} within 0.5 s`);
      // It gave up by closing its connection, not by leaving it open.
      await vi.waitFor(() => expect(sockets.filter((socket) => !socket.destroyed)).toEqual([]));
    });
  });

  describe('SSL modes', () => {
    it('require encrypts without checking the certificate', async () => {
      const result = await testTarget(paramsFor(sslOnly, { sslMode: 'require' }));
      expectSuccess(result);
      expect(result.message).toMatch(/ over SSL in /);
    });

    it.each(['verify-ca', 'verify-full'] as const)('%s rejects a self-signed certificate', async (sslMode) => {
      const result = await testTarget(paramsFor(sslOnly, { sslMode }));
      expectFailure(result, 'certificate_invalid', /self-signed/);
    });

    it('prefer uses SSL when the server offers it', async () => {
      const result = await testTarget(paramsFor(sslOnly, { sslMode: 'prefer' }));
      expectSuccess(result);
      expect(result.message).toMatch(/ over SSL in /);
    });

    it('prefer falls back to a plain connection when the server has no SSL', async () => {
      const result = await testTarget(paramsFor(plain, { sslMode: 'prefer' }));
      expectSuccess(result);
      expect(result.message).not.toMatch(/SSL/);
    });

    it('disable is refused by a server that accepts only SSL', async () => {
      const result = await testTarget(paramsFor(sslOnly, { sslMode: 'disable' }));
      expectFailure(result, 'ssl_required', /only SSL connections.*sslmode "require"/);
    });

    it('allow tries plain, then SSL when the server refuses plain', async () => {
      const result = await testTarget(paramsFor(sslOnly, { sslMode: 'allow' }));
      expectSuccess(result);
      expect(result.message).toMatch(/ over SSL in /);
    });

    it('allow stays plain when plain is accepted', async () => {
      const result = await testTarget(paramsFor(plain, { sslMode: 'allow' }));
      expectSuccess(result);
      expect(result.message).not.toMatch(/SSL/);
    });

    it.each(['require', 'verify-ca', 'verify-full'] as const)(
      '%s says the server does not support SSL',
      async (sslMode) => {
        const result = await testTarget(paramsFor(plain, { sslMode }));
        expectFailure(
          result,
          'ssl_unsupported',
          `127.0.0.1:${plain.port} does not support SSL connections; enable SSL on the server, or use sslmode "prefer" or "disable"`,
        );
      },
    );

    it('a wrong password over SSL is still an authentication failure', async () => {
      const result = await testTarget(
        paramsFor(sslOnly, { sslMode: 'require', username: 'bob', password: wrongPassword }),
      );
      expectFailure(result, 'auth_failed', 'Password authentication failed for user "bob"');
    });

    it('prefer reports the real failure after falling back', async () => {
      const result = await testTarget(paramsFor(plain, { sslMode: 'prefer', database: 'no_such_db' }));
      expectFailure(result, 'database_missing', /no_such_db/);
    });
  });

  it('leaves no connection behind', async () => {
    for (const cluster of [plain, sslOnly]) {
      await vi.waitFor(async () => {
        const { rows } = await cluster.query(
          "select count(*)::int as n from pg_stat_activity where application_name = 'askdb'",
        );
        expect(rows[0]!.n).toBe(0);
      });
    }
  });
});

describe('describeTargetError', () => {
  const params = paramsFor({ host: 'db.example.com', port: 6543 } as PrivateCluster, { sslMode: 'verify-full' });
  const systemError = (code: string) => Object.assign(new Error(`connect ${code} db.example.com`), { code });

  it.each([
    ['ENOTFOUND', 'host name not found'],
    ['EAI_AGAIN', 'host name could not be resolved right now (DNS lookup failed)'],
    ['EHOSTUNREACH', 'no route to host'],
    ['ENETUNREACH', 'network unreachable'],
  ])('%s: host unreachable', (code, words) => {
    expect(describeTargetError(systemError(code), params)).toEqual({
      reason: 'host_unreachable',
      message: `Cannot reach db.example.com:6543: ${words}`,
    });
  });

  it('reads the first error of an AggregateError (several addresses for one name)', () => {
    const error = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'all failed');
    expect(describeTargetError(error, params).reason).toBe('host_unreachable');
  });

  it('a host name that does not match the certificate', () => {
    const described = describeTargetError(systemError('ERR_TLS_CERT_ALTNAME_INVALID'), params);
    expect(described.reason).toBe('certificate_invalid');
    expect(described.message).toMatch(/not valid for the host name "db.example.com"/);
  });

  it('pool timeouts, with the timeout given', () => {
    expect(describeTargetError(new Error('timeout exceeded when trying to connect'), params, 2000)).toEqual({
      reason: 'timeout',
      message: 'No answer from db.example.com:6543 within 2 s',
    });
  });

  it('brackets IPv6 addresses', () => {
    const described = describeTargetError(systemError('ECONNREFUSED'), { ...params, host: '::1' });
    expect(described.message).toBe('Cannot reach [::1]:6543: connection refused');
  });

  it('keeps the password out of any message it passes on', () => {
    const leaky = new Error(
      `odd failure for postgres://ann:${encodeURIComponent(password)}@db.example.com with ${password}`,
    );
    const described = describeTargetError(leaky, params);
    expect(described.reason).toBe('other');
    for (const secret of secrets) expect(described.message).not.toContain(secret);
  });
});

describe('TargetPools', () => {
  const pools: TargetPools[] = [];
  const newPools = (options?: ConstructorParameters<typeof TargetPools>[0]) => {
    const created = new TargetPools(options);
    pools.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.closeAll()));
  });

  it('gives the same pool for the same id and params, named askdb on the server', async () => {
    const targets = newPools();
    const [first, again] = await Promise.all([
      targets.get('c1', paramsFor(plain)),
      targets.get('c1', paramsFor(plain)),
    ]);
    expect(again).toBe(first);
    expect(await targets.get('c1', paramsFor(plain))).toBe(first);
    expect(targets.size).toBe(1);
    const { rows } = await first.query<{ name: string }>(
      'select application_name as name from pg_stat_activity where pid = pg_backend_pid()',
    );
    expect(rows[0]!.name).toBe('askdb');
    expect(first.options.max).toBe(3);
  });

  it('replaces the pool when the params change and ends the old one', async () => {
    const targets = newPools();
    const old = await targets.get('c1', paramsFor(plain));
    await old.query('select 1');
    // A new pool logs in once before it is handed out, so the new params must work.
    const replaced = await targets.get('c1', paramsFor(plain, { username: 'bob' }));
    expect(replaced).not.toBe(old);
    expect(old.ending).toBe(true);
    await vi.waitFor(() => expect(old.ended).toBe(true));
    expect(targets.size).toBe(1);
  });

  it('evicts the least recently used pool past maxPools and ends it', async () => {
    const targets = newPools({ maxPools: 2 });
    const a = await targets.get('a', paramsFor(plain));
    const b = await targets.get('b', paramsFor(plain));
    await targets.get('a', paramsFor(plain)); // a is now more recent than b
    const c = await targets.get('c', paramsFor(plain));
    expect(targets.size).toBe(2);
    expect(b.ending).toBe(true);
    expect(a.ending).toBe(false);
    expect(c.ending).toBe(false);
    expect(await targets.get('b', paramsFor(plain))).not.toBe(b);
  });

  it('drop() ends the pool; closeAll() ends them all', async () => {
    const targets = newPools();
    const a = await targets.get('a', paramsFor(plain));
    const b = await targets.get('b', paramsFor(sslOnly, { sslMode: 'require' }));
    await Promise.all([a.query('select 1'), b.query('select 1')]);
    await targets.drop('a');
    expect(a.ended).toBe(true);
    expect(targets.size).toBe(1);
    await targets.drop('missing');
    await targets.closeAll();
    expect(b.ended).toBe(true);
    expect(targets.size).toBe(0);
  });

  it('decides TLS once per pool for prefer and allow', async () => {
    const targets = newPools();
    expect(await usesTls(await targets.get('prefer-ssl', paramsFor(sslOnly, { sslMode: 'prefer' })))).toBe(true);
    expect(await usesTls(await targets.get('prefer-plain', paramsFor(plain, { sslMode: 'prefer' })))).toBe(false);
    expect(await usesTls(await targets.get('allow-ssl', paramsFor(sslOnly, { sslMode: 'allow' })))).toBe(true);
    expect(await usesTls(await targets.get('allow-plain', paramsFor(plain, { sslMode: 'allow' })))).toBe(false);
    expect(await usesTls(await targets.get('require', paramsFor(sslOnly, { sslMode: 'require' })))).toBe(true);
  });

  it('rejects get() when the prefer/allow probe fails, and does not keep the failure', async () => {
    const targets = newPools();
    const failing = paramsFor(plain, { sslMode: 'prefer', password: wrongPassword });
    const error = await targets.get('c1', failing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeTargetError(error, failing).reason).toBe('auth_failed');
    await vi.waitFor(() => expect(targets.size).toBe(0));
    expect(await usesTls(await targets.get('c1', paramsFor(plain, { sslMode: 'prefer' })))).toBe(false);
  });

  it('survives the server killing idle and checked-out clients', async () => {
    const targets = newPools();
    const pool = await targets.get('c1', paramsFor(plain, { username: 'bob' }));
    const checkedOut = await pool.connect();
    await pool.query('select 1'); // a second client, idle afterwards
    await plain.query("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'bob'");
    await vi.waitFor(async () =>
      expect(
        (await plain.query("select count(*)::int as n from pg_stat_activity where usename = 'bob'")).rows[0]!.n,
      ).toBe(0),
    );
    await expect(checkedOut.query('select 1')).rejects.toThrow();
    checkedOut.release(true);
    const { rows } = await pool.query<{ one: number }>('select 1 as one');
    expect(rows[0]!.one).toBe(1);
  });
});
