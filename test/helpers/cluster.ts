import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A private, throwaway PostgreSQL cluster for one test file: scram-sha-256 on TCP (unlike the
 * machine's trust-auth server), optionally with SSL, optionally refusing unencrypted connections.
 */
export interface PrivateClusterOptions {
  /** Turn SSL on with a fresh self-signed certificate for CN=localhost. */
  ssl?: boolean;
  /** pg_hba.conf has only `hostssl` lines: plain TCP connections are refused. Needs `ssl`. */
  hostsslOnly?: boolean;
  /** How TCP logins authenticate (pg_hba.conf method); scram-sha-256 unless set. */
  hostAuth?: 'scram-sha-256' | 'md5' | 'password';
}

export interface PrivateCluster {
  host: string;
  port: number;
  superuser: { user: string; password: string };
  /** postgres:// URL for the superuser over TCP (password percent-encoded). */
  url(database?: string): string;
  /** Runs SQL as the superuser over the cluster's private unix socket (not subject to the host lines). */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    options?: { database?: string; values?: unknown[] },
  ): Promise<pg.QueryResult<Row>>;
  /** Stops the server (fast: sessions end) and starts it again on the same port, as an operator's restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const host = '127.0.0.1';
const superuser = { user: 'postgres', password: 'cluster-Superuser-7e4a' };
const runAsRoot = process.getuid?.() === 0;
const execFileAsync = promisify(execFile);

/** Stops what a crashed test file left running; `stop()` normally does this first. */
const running = new Map<string, () => void>();
process.once('exit', () => {
  for (const stopNow of running.values()) stopNow();
});

function serverBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined)
    throw new Error(
      `No PostgreSQL server binaries (initdb, pg_ctl) under ${root}/<version>/bin: install the postgresql package or set PG_BIN_DIR`,
    );
  return join(root, versions[0], 'bin');
}

/** initdb refuses to run as root, so under root the server's commands run as the postgres OS user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return runAsRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function run(command: string, args: string[], what: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { encoding: 'utf8', timeout: 60_000 });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${what} failed: ${stderr?.trim() || message}`);
  }
}

function serverUserIds(): { uid: number; gid: number } | undefined {
  if (!runAsRoot) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('Running as root, but there is no "postgres" OS user to run the private cluster as');
  }
}

async function giveToServerUser(path: string, ids: { uid: number; gid: number } | undefined): Promise<void> {
  if (ids) await chown(path, ids.uid, ids.gid);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(bin: string, port: number, socketDir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await execFileAsync(join(bin, 'pg_isready'), ['-q', '-h', socketDir, '-p', String(port), '-t', '2']);
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`The private cluster on port ${port} did not become ready within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function writeCertificate(dir: string, ids: { uid: number; gid: number } | undefined): Promise<void> {
  const key = join(dir, 'server.key');
  const cert = join(dir, 'server.crt');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    cert,
  ];
  await run('openssl', args, 'openssl (self-signed certificate)');
  await chmod(key, 0o600);
  await giveToServerUser(key, ids);
  await giveToServerUser(cert, ids);
}

function hbaConf(options: PrivateClusterOptions): string {
  const hostLine = options.hostsslOnly ? 'hostssl' : 'host';
  return ['local all all trust', `${hostLine} all all ${host}/32 ${options.hostAuth ?? 'scram-sha-256'}`, ''].join(
    '\n',
  );
}

function serverConf(dir: string, options: PrivateClusterOptions): string {
  const settings: Record<string, string> = {
    listen_addresses: `'${host}'`,
    unix_socket_directories: `'${dir}'`,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '50',
    shared_buffers: '16MB',
    ssl: options.ssl ? 'on' : 'off',
    ...(options.ssl
      ? { ssl_cert_file: `'${join(dir, 'server.crt')}'`, ssl_key_file: `'${join(dir, 'server.key')}'` }
      : {}),
  };
  return `\n${Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}`)
    .join('\n')}\n`;
}

/** Starts a fresh cluster on a free port; call `stop()` in afterAll. Takes a couple of seconds. */
export async function startPrivateCluster(options: PrivateClusterOptions = {}): Promise<PrivateCluster> {
  if (options.hostsslOnly && !options.ssl) throw new Error('hostsslOnly needs ssl: true');
  const bin = serverBinDir();
  const ids = serverUserIds();
  const dir = await mkdtemp(join(tmpdir(), 'askdb-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let started = false;
  const stopNow = () => {
    if (started) {
      try {
        execFileSync(...asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']), {
          stdio: 'ignore',
        });
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  running.set(dir, stopNow);

  try {
    await giveToServerUser(dir, ids);
    const pwFile = join(dir, 'pwfile');
    await writeFile(pwFile, `${superuser.password}\n`, { mode: 0o600 });
    await giveToServerUser(pwFile, ids);
    const initdbArgs = [
      '-D',
      dataDir,
      '-U',
      superuser.user,
      `--pwfile=${pwFile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
    ];
    await run(
      ...asServerUser(join(bin, 'initdb'), [
        ...initdbArgs,
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ]),
      'initdb',
    );
    await rm(pwFile);
    if (options.ssl) await writeCertificate(dir, ids);
    await writeFile(join(dataDir, 'pg_hba.conf'), hbaConf(options));
    await appendFile(join(dataDir, 'postgresql.conf'), serverConf(dir, options));

    // The free port may be taken between asking and binding; then try another.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        started = true;
        const pgCtlArgs = ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', `-p ${port}`];
        await run(...asServerUser(join(bin, 'pg_ctl'), pgCtlArgs), 'pg_ctl start');
        break;
      } catch (error) {
        started = false;
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (attempt < 3 && /could not bind|Address already in use/.test(log)) continue;
        throw new Error(`${(error as Error).message}\n--- server log ---\n${log.slice(-2000)}`);
      }
    }
    await waitUntilReady(bin, port, dir);

    let stopped: Promise<void> | undefined;
    return {
      host,
      port,
      superuser,
      url: (database = 'postgres') =>
        `postgres://${superuser.user}:${encodeURIComponent(superuser.password)}@${host}:${port}/${encodeURIComponent(database)}`,
      async query(sql, queryOptions = {}) {
        const client = new pg.Client({
          host: dir,
          port,
          user: superuser.user,
          database: queryOptions.database ?? 'postgres',
        });
        await client.connect();
        try {
          return await client.query(sql, queryOptions.values);
        } finally {
          await client.end();
        }
      },
      async restart() {
        // pg_ctl restart keeps the options the server was started with (its port among them).
        await run(
          ...asServerUser(join(bin, 'pg_ctl'), [
            'restart',
            '-D',
            dataDir,
            '-l',
            logFile,
            '-m',
            'fast',
            '-w',
            '-t',
            '30',
          ]),
          'pg_ctl restart',
        );
        await waitUntilReady(bin, port, dir);
      },
      stop() {
        stopped ??= (async () => {
          await run(
            ...asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']),
            'pg_ctl stop',
          ).catch(() => undefined);
          await rm(dir, { recursive: true, force: true });
          running.delete(dir);
        })();
        return stopped;
      },
    };
  } catch (error) {
    stopNow();
    running.delete(dir);
    throw error;
  }
}
