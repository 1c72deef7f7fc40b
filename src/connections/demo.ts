import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { AppContext } from '../context.ts';
import { connections, type Connection } from '../db/schema.ts';
import { startDemoDatabase, type DemoDatabase } from '../demo/server.ts';
import { companyName } from '../demo/vocabulary.ts';
import { Conflict, Unavailable } from '../errors.ts';
import { createConnection } from './service.ts';
import { parseConnectionUrl } from './url.ts';

/**
 * The embedded demo database as the app sees it: it is built in the background on first start (the
 * API answers meanwhile), and "Try the demo database" waits for it.
 */
export class DemoHandle {
  private database: DemoDatabase | null = null;
  private failure: string | null = null;
  readonly ready: Promise<DemoDatabase | null>;

  constructor(start: () => Promise<DemoDatabase>) {
    this.ready = start().then(
      (db) => (this.database = db),
      (error: Error) => {
        this.failure = error.message;
        return null;
      },
    );
  }

  static start(options: { dataDir: string; port: number; log: (message: string) => void }): DemoHandle {
    return new DemoHandle(() =>
      startDemoDatabase({ dataDir: options.dataDir, port: options.port, fallbackToFreePort: true, log: options.log }),
    );
  }

  get status(): 'starting' | 'ready' | 'failed' {
    return this.database ? 'ready' : this.failure ? 'failed' : 'starting';
  }

  get url(): string | null {
    return this.database?.url ?? null;
  }

  get error(): string | null {
    return this.failure;
  }

  async stop(): Promise<void> {
    const db = await this.ready;
    await db?.stop();
  }
}

/**
 * The demo listens on DEMO_PORT, or on a free port when that one is taken; connections made to the
 * demo on an earlier start follow it to where it listens now. The last address is kept in `file`.
 */
export async function followDemo(db: Db, file: string, demo: DemoDatabase): Promise<number> {
  const previous = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  writeFileSync(file, `${demo.url}\n`, { mode: 0o600 });
  if (!previous || previous === demo.url) return 0;
  const before = parseConnectionUrl(previous);
  const now = parseConnectionUrl(demo.url);
  const moved = await db
    .update(connections)
    .set({ host: now.host, port: now.port, updatedAt: new Date() })
    .where(
      and(
        eq(connections.host, before.host),
        eq(connections.port, before.port),
        eq(connections.database, before.database),
      ),
    )
    .returning({ id: connections.id });
  return moved.length;
}

/** Adds the demo database as a connection of the user (analysed like any other); 409 if they have it. */
export async function addDemoConnection(
  ctx: Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'analysis' | 'demo'>,
  userId: string,
): Promise<Connection> {
  if (!ctx.demo)
    throw new Unavailable(
      'No demo database runs on this server: it starts with the embedded defaults (no DATABASE_URL), or with DEMO=on.',
    );
  const demo = await ctx.demo.ready;
  if (!demo) throw new Unavailable(`The demo database could not start: ${ctx.demo.error ?? 'unknown reason'}`);
  const target = parseConnectionUrl(demo.url);
  const [existing] = await ctx.db
    .select({ id: connections.id })
    .from(connections)
    .where(
      and(
        eq(connections.ownerId, userId),
        eq(connections.host, target.host),
        eq(connections.port, target.port),
        eq(connections.database, target.database),
      ),
    );
  if (existing) throw new Conflict('You already have the demo database', { connection_id: existing.id });
  const connection = await createConnection(
    ctx,
    userId,
    {
      ...target,
      name: `Demo: ${companyName}`,
      description: `A fictional retailer's sales database (customers, orders, products, stores, employees, payments over three years), embedded in AskDB to try it out.`,
    },
    { skipTest: false },
  );
  return connection;
}
