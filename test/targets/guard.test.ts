import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetGuard } from '../../src/targets/guard.ts';
import { readIdentity } from '../../src/targets/identity.ts';
import { NetworkPolicy } from '../../src/targets/network-policy.ts';
import { TargetPools, testTarget, type TargetParams } from '../../src/targets/postgres.ts';
import { startPrivateCluster, type PrivateCluster } from '../helpers/cluster.ts';
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from '../helpers/pg.ts';

const password = 'Guard-Pw-4c1e!';
const server = new URL(testServerUrl());

let scram: PrivateCluster; // scram-sha-256
let md5: PrivateCluster; // pg_hba md5, passwords stored as MD5
let cleartext: PrivateCluster; // pg_hba password (clear text)

beforeAll(async () => {
  [scram, md5, cleartext] = await Promise.all([
    startPrivateCluster(),
    startPrivateCluster({ hostAuth: 'md5' }),
    startPrivateCluster({ hostAuth: 'password' }),
  ]);
  for (const cluster of [scram, md5, cleartext]) {
    await cluster.query(
      `SET password_encryption = '${cluster === md5 ? 'md5' : 'scram-sha-256'}'; CREATE ROLE ann LOGIN PASSWORD '${password}'`,
    );
  }
  await scram.query(`CREATE ROLE reader LOGIN PASSWORD '${password}'; CREATE ROLE writer LOGIN PASSWORD '${password}'`);
  await scram.query(
    'CREATE TABLE orders (id int); CREATE TABLE notes (id int); GRANT SELECT ON orders, notes TO reader, writer; GRANT INSERT ON orders TO writer',
  );
});

afterAll(async () => {
  await Promise.all([scram?.stop(), md5?.stop(), cleartext?.stop()]);
});

function paramsFor(
  cluster: Pick<PrivateCluster, 'host' | 'port'>,
  overrides: Partial<TargetParams> = {},
): TargetParams {
  return {
    host: cluster.host,
    port: cluster.port,
    database: 'postgres',
    username: 'ann',
    password,
    sslMode: 'disable',
    ...overrides,
  };
}

/**
 * A fake server that asks for the password the way `request` says and records every byte the client
 * sends after its startup message.
 */
async function passwordCatcher(
  request: Buffer,
): Promise<{ port: number; received: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const srv: Server = createServer((socket) => {
    let startup = true;
    socket.on('data', (data) => {
      if (!startup) return void chunks.push(data);
      startup = false;
      const length = data.readInt32BE(0);
      if (data.length > length) chunks.push(data.subarray(length));
      socket.write(request);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as { port: number }).port,
    received: () => Buffer.concat(chunks),
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

const authRequest = (code: number, salt?: Buffer) => {
  const head = Buffer.alloc(9);
  head.write('R', 0);
  head.writeInt32BE(8 + (salt?.length ?? 0), 1);
  head.writeInt32BE(code, 5);
  return salt ? Buffer.concat([head, salt]) : head;
};

describe('password requests without verified TLS', () => {
  it('refuses a server asking for the password in clear text, and sends nothing', async () => {
    const result = await testTarget(paramsFor(cleartext));
    expect(result).toMatchObject({ ok: false, reason: 'insecure_auth' });
    expect(result.message).toMatch(
      /asked for the password in clear text without a verified TLS connection, so AskDB did not send it/,
    );
    expect(result.message).not.toContain(password);
  });

  it('refuses a server asking for an MD5 hash of the password', async () => {
    const result = await testTarget(paramsFor(md5));
    expect(result).toMatchObject({ ok: false, reason: 'insecure_auth' });
    expect(result.message).toMatch(/asked for the password as an MD5 hash/);
  });

  it('still logs in with SCRAM', async () => {
    const result = await testTarget(paramsFor(scram));
    expect(result, result.message).toMatchObject({ ok: true });
  });

  it('the password never reaches a server that asks for it in clear text or as MD5', async () => {
    for (const request of [authRequest(3), authRequest(5, Buffer.from([1, 2, 3, 4]))]) {
      const catcher = await passwordCatcher(request);
      try {
        const result = await testTarget(paramsFor({ host: '127.0.0.1', port: catcher.port }), { timeoutMs: 2000 });
        expect(result.reason).toBe('insecure_auth');
        const sent = catcher.received();
        expect(sent.toString('latin1')).not.toContain(password);
        // No PasswordMessage ('p') at all: at most a Terminate ('X').
        expect(sent.includes(Buffer.from('p'))).toBe(false);
      } finally {
        await catcher.close();
      }
    }
  });

  it('pools refuse it too', async () => {
    const pools = new TargetPools();
    await expect(pools.get('c', paramsFor(md5))).rejects.toMatchObject({
      reason: 'insecure_auth',
      code: 'unprocessable',
    });
    await pools.closeAll();
  });
});

describe('network policy', () => {
  const production = new NetworkPolicy({ production: true });

  it('in production refuses loopback, private and link-local addresses, names that resolve to them, and Unix sockets', async () => {
    await expect(production.check('127.0.0.1')).rejects.toThrow(
      /127\.0\.0\.1 is a loopback address; an administrator may allow it in TARGET_ALLOW/,
    );
    await expect(production.check('10.1.2.3')).rejects.toThrow(/private address/);
    await expect(production.check('192.168.1.1')).rejects.toThrow(/private address/);
    await expect(production.check('169.254.169.254')).rejects.toThrow(/link-local/);
    await expect(production.check('::1')).rejects.toThrow(/loopback/);
    await expect(production.check('::ffff:127.0.0.1')).rejects.toThrow(/loopback/);
    await expect(production.check('localhost')).rejects.toThrow(/localhost \((127\.0\.0\.1|::1)\)/);
    await expect(production.check('/var/run/postgresql')).rejects.toThrow(/Unix sockets/);
    await expect(production.check('8.8.8.8')).resolves.toBeUndefined();
  });

  it('TARGET_ALLOW lets ranges, names and socket directories through; TARGET_DENY wins', async () => {
    const policy = new NetworkPolicy({
      production: true,
      allow: '127.0.0.0/8,localhost,/var/run/postgresql',
      deny: '127.0.0.2',
    });
    await expect(policy.check('127.0.0.1')).resolves.toBeUndefined();
    await expect(policy.check('localhost')).resolves.toBeUndefined();
    await expect(policy.check('/var/run/postgresql')).resolves.toBeUndefined();
    await expect(policy.check('127.0.0.2')).rejects.toThrow(
      'Connections to 127.0.0.2 are refused by TARGET_DENY (rule "127.0.0.2")',
    );
  });

  it('outside production allows private addresses unless denied', async () => {
    const development = new NetworkPolicy({ deny: '10.0.0.0/8,db.example.internal,/tmp' });
    await expect(development.check('127.0.0.1')).resolves.toBeUndefined();
    await expect(development.check('/var/run/postgresql')).resolves.toBeUndefined();
    await expect(development.check('10.9.9.9')).rejects.toThrow(/TARGET_DENY \(rule "10\.0\.0\.0\/8"\)/);
    await expect(development.check('DB.example.internal')).rejects.toThrow(/rule "db\.example\.internal"/);
    await expect(development.check('/tmp/')).rejects.toThrow(/Unix socket/);
  });

  it('a refused target is never connected to; the test says which rule', async () => {
    const guard = new TargetGuard({ policy: new NetworkPolicy({ deny: '127.0.0.0/8' }) });
    const result = await testTarget(paramsFor(scram), { guard });
    expect(result).toMatchObject({ ok: false, reason: 'network_policy' });
    expect(result.message).toMatch(/refused by TARGET_DENY \(rule "127\.0\.0\.0\/8"\)/);
    const byName = await testTarget(paramsFor(scram, { host: 'localhost' }), {
      guard: new TargetGuard({ policy: new NetworkPolicy({ deny: '127.0.0.0/8,::1' }) }),
    });
    expect(byName).toMatchObject({ ok: false, reason: 'network_policy' });
  });

  it('the socket resolves names under the policy too (a name that changes its answer cannot slip through)', async () => {
    // The check before connecting is skipped on purpose: only the socket's own lookup stands in the way.
    class LookupOnly extends TargetGuard {
      override async beforeConnect(): Promise<void> {}
    }
    const guard = new LookupOnly({ policy: new NetworkPolicy({ deny: '127.0.0.0/8,::1' }) });
    const result = await testTarget(paramsFor(scram, { host: 'localhost' }), { guard });
    expect(result).toMatchObject({ ok: false, reason: 'network_policy' });
  });
});

describe("AskDB's own database", () => {
  let app: ScratchDatabase;
  let guard: TargetGuard;

  beforeAll(async () => {
    app = await createScratchDatabase('askdb_guard_app');
    const client = new pg.Client({ connectionString: app.url });
    await client.connect();
    const appIdentity = await readIdentity(async (sql) => (await client.query(sql)).rows);
    await client.end();
    guard = new TargetGuard({ appIdentity });
  });
  afterAll(() => app?.drop());

  const onTestServer = (overrides: Partial<TargetParams>): TargetParams => ({
    host: server.hostname,
    port: Number(server.port || 5432),
    database: app.name,
    username: 'postgres',
    password: '',
    sslMode: 'disable',
    ...overrides,
  });

  it('is refused by address, by another name for the host, and through the Unix socket', async () => {
    for (const host of [server.hostname, 'localhost', '/var/run/postgresql']) {
      const result = await testTarget(onTestServer({ host }), { guard });
      expect(result, host).toMatchObject({ ok: false, reason: 'app_database' });
      expect(result.message).toBe("This is AskDB's own database; it cannot be added as a connection");
    }
  });

  it('is refused when a pool is first opened', async () => {
    const pools = new TargetPools({ guard });
    await expect(pools.get('c', onTestServer({ host: '/var/run/postgresql' }))).rejects.toMatchObject({
      reason: 'app_database',
      code: 'unprocessable',
    });
    await pools.closeAll();
  });

  it('other databases on the same server stay allowed', async () => {
    const result = await testTarget(onTestServer({ database: 'postgres' }), { guard });
    expect(result, result.message).toMatchObject({ ok: true });
  });
});

describe('login warnings', () => {
  it('warns about a superuser login and recommends a read-only role', async () => {
    const result = await testTarget({
      host: server.hostname,
      port: Number(server.port || 5432),
      database: 'postgres',
      username: 'postgres',
      password: '',
      sslMode: 'disable',
    });
    expect(result.warnings).toEqual([expect.stringMatching(/^User "postgres" is a superuser\. .*read-only role/)]);
  });

  it('warns about a login that can write, and not about a read-only one', async () => {
    const writer = await testTarget(paramsFor(scram, { username: 'writer' }));
    expect(writer.warnings).toEqual([
      expect.stringMatching(/User "writer" can change data in 1 table \(INSERT, UPDATE, DELETE or TRUNCATE\)/),
    ]);
    const reader = await testTarget(paramsFor(scram, { username: 'reader' }));
    expect(reader, reader.message).toMatchObject({ ok: true, warnings: [] });
  });
});
