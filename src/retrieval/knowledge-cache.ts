import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { touchConnection } from '../connections/service.ts';
import type { Connection } from '../db/schema.ts';
import type { ValueLookup, ValueMatch } from '../engine/index.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import { readModel, valueLookup } from './knowledge.ts';

/** Distinct value-index look-ups kept per connection (a phrase and a limit each). */
const MAX_LOOKUPS = 5000;

interface Entry {
  /** Which analysis and which edit of the connection this entry was built from. */
  version: string;
  model: Promise<DatabaseModel>;
  values: ValueLookup;
  /** Whatever else was remembered for this version (see `remember`). */
  more: Map<string, Promise<unknown>>;
}

/**
 * What answering needs of a connection, kept in memory per process: the analysed model (with the
 * retrieval indexes built on it, which hang off the model object) and the value index's look-ups.
 *
 * An entry belongs to one version of the connection: its last analysis and its last edit
 * (`updated_at`, which every connection row read carries). Re-analysis moves `last_analyzed_at`, so
 * every process sees it at its next question; an edit of what the engine reads (business terms,
 * column notes) calls `invalidate`, which drops the entry here and moves `updated_at` for the others.
 */
export class KnowledgeCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly db: Db,
    options: { max?: number } = {},
  ) {
    this.entries = new LRUCache({ max: options.max ?? 50 });
  }

  model(connection: Connection): Promise<DatabaseModel> {
    return this.entry(connection).model;
  }

  /** The engine's look-ups in the connection's value index, answered from memory when asked before. */
  values(connection: Connection): ValueLookup {
    return this.entry(connection).values;
  }

  /**
   * Something else answering reads of a connection that changes only with it or through `invalidate`
   * (e.g. its business terms), loaded once per version of the connection under `name`.
   */
  remember<T>(connection: Connection, name: string, load: () => Promise<T>): Promise<T> {
    const { more } = this.entry(connection);
    let value = more.get(name) as Promise<T> | undefined;
    if (!value) {
      value = load();
      value.catch(() => more.delete(name));
      more.set(name, value);
    }
    return value;
  }

  /** Forgets what this process holds for the connection and tells the others (through `updated_at`). */
  async invalidate(connectionId: string): Promise<void> {
    this.entries.delete(connectionId);
    await touchConnection({ db: this.db }, connectionId);
  }

  private entry(connection: Connection): Entry {
    const version = `${connection.lastAnalyzedAt?.getTime() ?? 0}:${connection.updatedAt?.getTime() ?? 0}`;
    const cached = this.entries.get(connection.id);
    if (cached?.version === version) return cached;
    const model = readModel(this.db, connection);
    const entry: Entry = { version, model, values: memoized(valueLookup(this.db, connection.id)), more: new Map() };
    // A failed read is not kept: the next question reads again.
    model.catch(() => {
      if (this.entries.get(connection.id) === entry) this.entries.delete(connection.id);
    });
    this.entries.set(connection.id, entry);
    return entry;
  }
}

function memoized(lookup: ValueLookup): ValueLookup {
  const found = new LRUCache<string, Promise<ValueMatch[]>>({ max: MAX_LOOKUPS });
  return {
    find(phrase, limit) {
      const key = `${limit ?? ''}\u0000${phrase}`;
      let result = found.get(key);
      if (!result) {
        result = lookup.find(phrase, limit);
        result.catch(() => found.delete(key));
        found.set(key, result);
      }
      // Callers get their own array: one caller's sort must not reorder another's.
      return result.then((matches) => [...matches]);
    },
  };
}
