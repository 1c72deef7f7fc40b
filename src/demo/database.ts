import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DemoPortInUseError } from './errors.ts';
import { DEMO_VERSION, generateDemo, type GenerationReport } from './generate.ts';
import { storedDemoVersion } from './meta.ts';

export interface OpenDemoOptions {
  /** PGlite's data directory, or 'memory://'. */
  pgdata: string;
  host: string;
  /** 0 lets the system choose a free port. */
  port: number;
  /** When `port` is taken, listen on a free port instead of failing. */
  fallbackToFreePort: boolean;
  maxConnections: number;
  /** Connections idle this long are closed, ending any transaction they left open (0: never). */
  idleTimeoutMs: number;
  log: (message: string) => void;
}

export interface OpenDemo {
  port: number;
  /** What was built on opening; null when the stored demo was of the current version. */
  generation: GenerationReport | null;
  close(): Promise<void>;
}

/** Builds the demo into `db` unless it already holds the current version. */
async function ensureDemoContent(db: PGlite, log: (message: string) => void): Promise<GenerationReport | null> {
  const stored = await storedDemoVersion(db);
  if (stored === DEMO_VERSION) return null;
  log(
    stored === null
      ? 'Building the demo database (once; a few seconds)…'
      : `Rebuilding the demo database: it holds version ${stored}, this AskDB brings version ${DEMO_VERSION}…`,
  );
  const report = await generateDemo(db);
  log(
    `Demo database built: ${report.totalRows.toLocaleString('en-US')} rows in ${(report.milliseconds / 1000).toFixed(1)} s`,
  );
  return report;
}

type ListenOptions = Pick<OpenDemoOptions, 'host' | 'port' | 'maxConnections' | 'idleTimeoutMs'>;

async function listen(
  db: PGlite,
  { host, port, maxConnections, idleTimeoutMs }: ListenOptions,
): Promise<PGLiteSocketServer> {
  const server = new PGLiteSocketServer({ db, host, port, maxConnections, idleTimeout: idleTimeoutMs });
  try {
    await server.start();
    return server;
  } catch (error) {
    await server.stop().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw DemoPortInUseError.about(host, port);
    throw error;
  }
}

function listeningPort(server: PGLiteSocketServer): number {
  const address = server.getServerConn();
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/**
 * Opens the demo PGlite (building it when it lacks the current DEMO_VERSION) and serves it over
 * the PostgreSQL protocol with pglite-socket, in this thread. Every query blocks this thread while
 * it runs, and PGlite does not enforce statement_timeout: servers use `startDemoDatabase`, which
 * runs this in a worker thread it can restart.
 */
export async function openDemoDatabase(options: OpenDemoOptions): Promise<OpenDemo> {
  const db = await PGlite.create(options.pgdata);
  try {
    const generation = await ensureDemoContent(db, options.log);
    // All clients share this one session, so it covers each of them (a client may still turn it off).
    await db.exec('SET default_transaction_read_only = on');
    let server: PGLiteSocketServer;
    try {
      server = await listen(db, options);
    } catch (error) {
      if (!(error instanceof DemoPortInUseError) || !options.fallbackToFreePort) throw error;
      server = await listen(db, { ...options, port: 0 });
    }
    return {
      port: listeningPort(server),
      generation,
      close: async () => {
        await server.stop();
        // A client that vanished mid-transaction leaves the shared session in it.
        if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => undefined);
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
