import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDemoArgs, runDemoCommand } from '../../src/demo/cli.ts';
import { DEMO_VERSION } from '../../src/demo/generate.ts';
import {
  DemoDatabaseBusyError,
  DemoPortInUseError,
  startDemoDatabase,
  type DemoDatabase,
} from '../../src/demo/server.ts';
import { checksumSql, checksumsOf } from './checksums.ts';

let dataDir: string;
let firstChecksums: Record<string, string>;

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const checksumsAt = (url: string) =>
  withClient(url, async (client) => checksumsOf((await client.query(checksumSql)).rows));

function occupyPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

let buildLog: string[];
let builtRows: number | undefined;

// Every test starts from a directory holding a built demo database, made here once (building takes a while).
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'askdb-demo-'));
  buildLog = [];
  const demo = await startDemoDatabase({ dataDir, port: 0, log: (line) => buildLog.push(line) });
  try {
    builtRows = demo.generation?.totalRows;
    firstChecksums = await checksumsAt(demo.url);
  } finally {
    await demo.stop();
  }
}, 180_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a demo database kept in a directory', () => {
  it('is built on first start', () => {
    expect(builtRows).toBeGreaterThanOrEqual(100_000);
    expect(buildLog[0]).toMatch(/^Building the demo database/);
  });

  it('is kept, not rebuilt, and the directory is claimed while it runs', async () => {
    const logged: string[] = [];
    const demo = await startDemoDatabase({ dataDir, port: 0, log: (line) => logged.push(line) });
    try {
      expect(demo.generation).toBeNull();
      expect(logged.some((line) => line.startsWith('Building'))).toBe(false);
      expect(await checksumsAt(demo.url)).toEqual(firstChecksums);
      const second = startDemoDatabase({ dataDir, port: 0 });
      await expect(second).rejects.toBeInstanceOf(DemoDatabaseBusyError);
      await expect(second).rejects.toThrow(demo.url);
    } finally {
      await demo.stop();
    }
  }, 120_000);

  it('says so clearly when its port is taken, or moves to a free one when allowed', async () => {
    const blocker = await occupyPort();
    const taken = (blocker.address() as { port: number }).port;
    try {
      const refused = startDemoDatabase({ dataDir, port: taken });
      await expect(refused).rejects.toBeInstanceOf(DemoPortInUseError);
      await expect(refused).rejects.toThrow(`Port ${taken} on 127.0.0.1 is already in use`);
      // The failed start released the directory: the next one may take it.
      const moved = await startDemoDatabase({ dataDir, port: taken, fallbackToFreePort: true });
      try {
        expect(moved.port).not.toBe(taken);
        expect(moved.generation).toBeNull();
        expect(await checksumsAt(moved.url)).toEqual(firstChecksums);
      } finally {
        await moved.stop();
      }
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('runs as `askdb demo`: prints how to connect, then stops when asked', async () => {
    const printed: string[] = [];
    const stop = new AbortController();
    let url = '';
    const running = runDemoCommand({
      dataDir,
      port: 0,
      signal: stop.signal,
      print: (line) => {
        printed.push(line);
        const found = /URL:\s+(\S+)/.exec(line);
        if (found) url = found[1]!;
      },
    });
    await expect.poll(() => url, { timeout: 60_000 }).not.toBe('');
    expect(printed.join('\n')).toContain(`psql "${url}"`);
    expect(printed.some((line) => line.startsWith('Building'))).toBe(false);
    expect(
      await withClient(url, async (client) => (await client.query('SELECT count(*)::int AS n FROM orders')).rows[0].n),
    ).toBe(24_000);
    stop.abort();
    await running;
    expect(printed.at(-1)).toBe('Stopping the demo database…');
    await expect(withClient(url, async () => undefined)).rejects.toThrow();
  }, 120_000);

  it('is rebuilt when it was made by another DEMO_VERSION', async () => {
    const stale = await PGlite.create(path.join(dataDir, 'pgdata'));
    await stale.query(`UPDATE askdb_demo.meta SET value = 'stale' WHERE key = 'version'`);
    await stale.close();
    const logged: string[] = [];
    const demo = await startDemoDatabase({ dataDir, port: 0, log: (line) => logged.push(line) });
    try {
      expect(logged[0]).toBe(
        `Rebuilding the demo database: it holds version stale, this AskDB brings version ${DEMO_VERSION}…`,
      );
      expect(demo.generation).not.toBeNull();
      expect(await checksumsAt(demo.url)).toEqual(firstChecksums);
    } finally {
      await demo.stop();
    }
  }, 120_000);

  describe('guarding the one shared session', () => {
    const logged: string[] = [];
    let demo: DemoDatabase;

    beforeAll(async () => {
      demo = await startDemoDatabase({
        dataDir,
        port: 0,
        stallLimitMs: 4_000,
        idleTimeoutMs: 1_000,
        log: (line) => logged.push(line),
      });
    }, 120_000);

    afterAll(async () => {
      await demo?.stop();
    });

    it('closes a client that leaves a transaction open, so the others go on', async () => {
      const idler = new pg.Client({ connectionString: demo.url });
      const idlerGone = new Promise((resolve) => idler.once('error', resolve));
      await idler.connect();
      await idler.query('BEGIN READ ONLY');
      await idler.query('SELECT 1');
      // A client waits in line, idle too, so it is closed as well if it came in on the idler's heels.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const count = await withClient(
        demo.url,
        async (client) => (await client.query('SELECT count(*)::int AS n FROM stores')).rows[0].n,
      );
      expect(count).toBe(15);
      await expect(idlerGone).resolves.toBeInstanceOf(Error);
      await idler.end().catch(() => undefined);
    }, 60_000);

    it('restarts when a query holds it too long, without blocking this thread', async () => {
      const endless = withClient(demo.url, (client) =>
        client.query('SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b'),
      );
      const asked = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(performance.now() - asked).toBeLessThan(1_000);
      await expect(endless).rejects.toThrow(/terminated/i);
      expect(logged.join('\n')).toMatch(/busy for over 4 s .*restarting the demo database/);
      await expect.poll(() => logged.at(-1), { timeout: 60_000 }).toBe('The demo database is back');
      expect(
        await withClient(demo.url, async (client) => (await client.query('SELECT 42 AS answer')).rows[0].answer),
      ).toBe(42);
    }, 120_000);
  });
});

describe('askdb demo arguments', () => {
  it('reads port, host and data directory, with defaults', () => {
    expect(parseDemoArgs([], '/data/demo')).toEqual({ dataDir: '/data/demo', port: 5433, host: '127.0.0.1' });
    expect(parseDemoArgs(['--port', '0', '--host', '::1', '--data-dir', 'memory://'], '/data/demo')).toEqual({
      dataDir: 'memory://',
      port: 0,
      host: '::1',
    });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseDemoArgs(['--port', 'x'], '/d')).toThrow(
      '--port must be a whole number from 0 to 65535, not "x"',
    );
    expect(() => parseDemoArgs(['--verbose'], '/d')).toThrow(/Unknown option '--verbose'/);
  });
});
