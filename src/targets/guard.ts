import type { LookupFunction } from 'node:net';
import type pg from 'pg';
import { readIdentity, sameDatabase, type DatabaseIdentity } from './identity.ts';
import { NetworkPolicy } from './network-policy.ts';
import { TargetRefused } from './refused.ts';
import type { TargetParams } from './postgres.ts';

export interface TargetGuardOptions {
  policy?: NetworkPolicy;
  /** AskDB's own app database; null when it cannot be reached over the network (embedded PGlite). */
  appIdentity?: DatabaseIdentity | null;
  /** Targets the policy does not apply to (the embedded demo database). */
  exempt?: (params: Pick<TargetParams, 'host' | 'port'>) => boolean;
}

const ownDatabaseMessage = "This is AskDB's own database; it cannot be added as a connection";

/**
 * What every connection to a user's database passes: the network policy before connecting (and in
 * the socket's own lookup), and after logging in, the check that it is not AskDB's own database.
 */
export class TargetGuard {
  private readonly policy: NetworkPolicy;
  private readonly appIdentity: DatabaseIdentity | null;
  private readonly exempt: (params: Pick<TargetParams, 'host' | 'port'>) => boolean;

  constructor(options: TargetGuardOptions = {}) {
    this.policy = options.policy ?? new NetworkPolicy();
    this.appIdentity = options.appIdentity ?? null;
    this.exempt = options.exempt ?? (() => false);
  }

  async beforeConnect(params: TargetParams): Promise<void> {
    if (!this.exempt(params)) await this.policy.check(params.host);
  }

  /** The lookup sockets use for `params`; undefined where the policy does not apply. */
  lookupFor(params: TargetParams): LookupFunction | undefined {
    return this.exempt(params) ? undefined : this.policy.lookup;
  }

  /** Refuses a session that is in AskDB's own database. */
  async afterConnect(client: pg.ClientBase, params: TargetParams): Promise<void> {
    if (this.appIdentity === null || this.exempt(params)) return;
    const target = await readIdentity(async (sql) => (await client.query(sql)).rows);
    if (sameDatabase(target, this.appIdentity)) throw new TargetRefused('app_database', ownDatabaseMessage);
  }
}

/** The app database's identity, read once at start-up; null for embedded PGlite (no network can reach it). */
export async function appDatabaseIdentity(database: {
  mode: 'server' | 'embedded';
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
}): Promise<DatabaseIdentity | null> {
  if (database.mode === 'embedded') return null;
  return readIdentity((sql) => database.query(sql));
}
