import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { GenerationReport } from './generate.ts';
import { lockDemoDirectory, type DemoLock } from './lock.ts';
import { launchDemoWorker, type DemoWorker } from './worker-client.ts';
import type { WorkerSettings } from './worker-protocol.ts';
import { messageOf } from '../errors.ts';

export { DemoDatabaseBusyError, DemoPortInUseError } from './errors.ts';

export const DEFAULT_DEMO_PORT = 5433;
export const DEFAULT_DEMO_HOST = '127.0.0.1';
/** PGlite has one database and one role; it accepts any database name and any password. */
const DEMO_DATABASE = 'postgres';
const DEMO_USER = 'postgres';
const DEFAULT_STALL_LIMIT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const inMemory = 'memory://';
// Each AskDB pool holds a few clients; handlers cost little, since queries run one at a time anyway.
const defaultMaxConnections = 32;
const heartbeatMs = 500;
const restartRetryMs = 30_000;

export interface DemoDatabaseOptions {
  /** A directory of its own, e.g. ./data/demo, kept between runs; or 'memory://' for a throwaway copy. */
  dataDir: string;
  /** Default 5433; 0 lets the system choose a free port. */
  port?: number;
  host?: string;
  /** When `port` is taken, listen on a free port instead of failing: for `askdb serve`, where any port will do. */
  fallbackToFreePort?: boolean;
  maxConnections?: number;
  /**
   * PGlite neither enforces statement_timeout nor cancels queries, and all clients share its one
   * session: a query busy for longer than this restarts the demo database. Default 30 s.
   */
  stallLimitMs?: number;
  /**
   * A client that leaves a transaction open holds up every other one; connections idle this long
   * are closed, which rolls such a transaction back. Default 60 s; 0 never closes them.
   */
  idleTimeoutMs?: number;
  /** Told what happens: building, restarts. */
  log?: (message: string) => void;
}

/**
 * A running demo database, read-only by convention and by default: its session starts with
 * default_transaction_read_only on. All clients share ONE PGlite session; pglite-socket queues
 * their statements and serves one client's open transaction before anyone else's, so a client that
 * keeps a transaction open holds up the others. Fit for reading the demo, never for the app DB.
 */
export interface DemoDatabase {
  /** e.g. postgres://postgres@127.0.0.1:5433/postgres */
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** What was built on this start; null when a stored demo of the current version was reused. */
  generation: GenerationReport | null;
  stop(): Promise<void>;
}

/** Where clients should connect: a wildcard bind address is reached through loopback. */
function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function demoUrl(host: string, port: number): string {
  const reachable = connectHost(host);
  return `postgres://${DEMO_USER}@${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/${DEMO_DATABASE}`;
}

/**
 * Restarts the demo worker when its thread stays busy past the stall limit, or when it ends.
 * Checks run on this thread's timer: a check that itself comes late means this thread was
 * blocked, not the worker, and is skipped.
 */
function superviseDemo(
  first: DemoWorker,
  relaunch: () => Promise<DemoWorker>,
  stallLimitMs: number,
  log: (message: string) => void,
) {
  let current: DemoWorker | null = first;
  let restarting: Promise<void> | null = null;
  let retryAt = 0;
  const checkEveryMs = Math.max(100, Math.min(1_000, stallLimitMs / 4));
  let lastCheck = Date.now();

  const restart = (reason: string) => {
    restarting = (async () => {
      log(`${reason}; restarting the demo database`);
      await current?.terminate();
      current = null;
      try {
        current = await relaunch();
        log('The demo database is back');
      } catch (error) {
        retryAt = Date.now() + restartRetryMs;
        log(`The demo database could not restart (${messageOf(error)}); trying again in ${restartRetryMs / 1000} s`);
      }
    })().finally(() => (restarting = null));
  };

  const timer = setInterval(() => {
    const now = Date.now();
    const thisThreadWasBlocked = now - lastCheck > checkEveryMs * 3;
    lastCheck = now;
    if (restarting || thisThreadWasBlocked || now < retryAt) return;
    if (!current) restart('The demo database is down');
    else if (!current.running) restart('The demo database stopped unexpectedly');
    else if (current.silentForMs() > stallLimitMs)
      restart(
        `A query kept the demo database busy for over ${Math.round(stallLimitMs / 1000)} s (PGlite cannot cancel queries)`,
      );
  }, checkEveryMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await restarting;
      await current?.close();
    },
  };
}

/**
 * Serves the demo database over the PostgreSQL protocol, so AskDB (or psql) reads it like any
 * server. The PGlite runs in a worker thread: its queries never block this thread, and one that
 * runs too long is ended by restarting the worker. Built on first use in `dataDir`, rebuilt when
 * DEMO_VERSION changes, reused otherwise.
 */
export async function startDemoDatabase(options: DemoDatabaseOptions): Promise<DemoDatabase> {
  const host = options.host ?? DEFAULT_DEMO_HOST;
  const log = options.log ?? (() => undefined);
  const persistent = options.dataDir !== inMemory;
  let lock: DemoLock | undefined;
  if (persistent) {
    await mkdir(options.dataDir, { recursive: true });
    lock = await lockDemoDirectory(options.dataDir);
  }
  try {
    const settings: WorkerSettings = {
      pgdata: persistent ? path.join(options.dataDir, 'pgdata') : inMemory,
      host,
      port: options.port ?? DEFAULT_DEMO_PORT,
      fallbackToFreePort: options.fallbackToFreePort ?? false,
      maxConnections: options.maxConnections ?? defaultMaxConnections,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      heartbeatMs,
    };
    const first = await launchDemoWorker(settings, log);
    const url = demoUrl(host, first.port);
    await lock?.announce(url);
    // A restart must come back on the same port, or clients would lose it.
    const relaunch = () => launchDemoWorker({ ...settings, port: first.port, fallbackToFreePort: false }, log);
    const supervisor = superviseDemo(first, relaunch, options.stallLimitMs ?? DEFAULT_STALL_LIMIT_MS, log);
    let stopping: Promise<void> | undefined;
    return {
      url,
      host: connectHost(host),
      port: first.port,
      database: DEMO_DATABASE,
      user: DEMO_USER,
      generation: first.generation,
      stop: () =>
        (stopping ??= (async () => {
          await supervisor.stop();
          await lock?.release();
        })()),
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
