import { readFileSync } from 'node:fs';
import type { GuardRejectionCode, RelationRef } from '../../src/sqlguard/index.ts';

export interface HostileCase {
  sql: string;
  why: string;
  /** Running it would change data, schema, roles or settings. */
  writes: boolean;
  /** The rejection code the guard must give. */
  code: GuardRejectionCode;
  /** PostgreSQL lets it run inside a READ ONLY transaction; only the ROLLBACK undoes it. */
  readOnlyAllows?: boolean;
  /**
   * It acts outside the query's transaction (another connection through dblink, a server file, shared
   * statistics), so READ ONLY cannot stop it: only the guard does (hostile-target.test.ts runs it with
   * the extensions installed).
   */
  outsideTransaction?: boolean;
}

export interface AllowedCase {
  sql: string;
  why: string;
  relations: RelationRef[];
  functions?: string[];
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
}

export const hostileCases = readJson<HostileCase[]>('./hostile-corpus.json');
export const allowedCases = readJson<AllowedCase[]>('./allowed-corpus.json');

/** A short, unique test name for a case whose SQL may be kilobytes long. */
export function caseName(index: number, sql: string, why: string): string {
  const oneLine = sql.replace(/\s+/g, ' ');
  return `#${index} ${why}: ${oneLine.length > 70 ? `${oneLine.slice(0, 70)}…` : oneLine}`;
}
