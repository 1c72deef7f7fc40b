/*
 * The lists the guard decides by must equal the reviewed copies (reviewed-lists.ts, snapshots):
 * dropping an entry from a list in src/sqlguard, or adding one, fails here until the review agrees.
 * list-entries.test.ts walks each entry through the guard. Kept quick: Stryker reruns this whole
 * file for every mutant of the lists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS_BY_CATEGORY } from '../../src/sqlguard/function-allowlist.ts';
import { checkSqlSync, loadSqlGuard, type GuardRejectionCode, type GuardVerdict } from '../../src/sqlguard/index.ts';
import { HAZARDOUS_FIELD_NAMES } from '../../src/sqlguard/inspect.ts';
import { BUILTIN_OPERATORS } from '../../src/sqlguard/operators.ts';
import { SENSITIVE_RELATIONS, sensitiveRelation } from '../../src/sqlguard/sensitive-relations.ts';
import { deniedFunctions, hazardousFieldNames, secretRelations, statementKinds } from './reviewed-lists.ts';

beforeAll(() => loadSqlGuard());

function check(sql: string, allowedFunctions?: string[]): GuardVerdict {
  return checkSqlSync(sql, { maxRows: 10, allowedFunctions });
}

function expectRefused(sql: string, code: GuardRejectionCode, ...named: string[]): void {
  const verdict = check(sql);
  expect(verdict, sql).toMatchObject({ ok: false, code });
  for (const name of named) expect(verdict.ok ? '' : verdict.reason, sql).toContain(name);
}

describe('the reviewed lists', () => {
  it('secret relations: exactly the reviewed ones, for the reviewed reasons', () => {
    expect(SENSITIVE_RELATIONS).toEqual(secretRelations);
  });

  it('a secret relation is found in any case; other names, inherited object keys included, are not secret', () => {
    expect(sensitiveRelation('PG_Authid')).toBe('password hashes');
    expect(sensitiveRelation('pg_settings')).toBe("the server's configuration");
    for (const name of ['customers', 'pg_roles', 'constructor', 'toString', '__proto__', ''])
      expect(sensitiveRelation(name), name).toBeUndefined();
  });

  it('the function allowlist is the reviewed list', () => {
    expect(
      Object.fromEntries(
        Object.entries(ALLOWED_FUNCTIONS_BY_CATEGORY).map(([category, names]) => [category, [...names].sort()]),
      ),
    ).toMatchSnapshot();
  });

  it('the allowlist holds only lower-case names, each once, none of the denied ones', () => {
    const names = Object.values(ALLOWED_FUNCTIONS_BY_CATEGORY).flat();
    expect(names.filter((name) => name !== name.toLowerCase() || name === '')).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(deniedFunctions.filter((name) => names.includes(name))).toEqual([]);
  });

  it('hazardous field names: exactly the reviewed ones', () => {
    expect([...HAZARDOUS_FIELD_NAMES].sort()).toEqual([...hazardousFieldNames].sort());
  });

  it('the built-in operators are the reviewed set', () => {
    expect([...BUILTIN_OPERATORS].sort()).toMatchSnapshot();
  });
});

describe('statements other than SELECT', () => {
  it.each(statementKinds)('%s is refused as %s', (sql, kind) => {
    expect(check(sql)).toEqual({
      ok: false,
      code: 'not_select',
      reason: `${kind} statements cannot be run; only a single SELECT query can.`,
    });
  });

  it.each([
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'a DELETE'],
    ['WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u', 'an UPDATE'],
    ['WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM i', 'an INSERT'],
    ['WITH m AS (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING *) SELECT * FROM m', 'a MERGE'],
  ])('%s is refused as a modifying CTE naming %s', (sql, label) => {
    expect(check(sql)).toEqual({
      ok: false,
      code: 'modifying_cte',
      reason: `The query contains ${label} inside a WITH clause; only read-only queries can be run.`,
    });
  });

  it.each([
    ['SELECT * FROM t FOR UPDATE', 'FOR UPDATE'],
    ['SELECT * FROM t FOR NO KEY UPDATE', 'FOR NO KEY UPDATE'],
    ['SELECT * FROM t FOR SHARE', 'FOR SHARE'],
    ['SELECT * FROM t FOR KEY SHARE', 'FOR KEY SHARE'],
    ['SELECT * FROM (SELECT * FROM t FOR UPDATE) s', 'FOR UPDATE'],
  ])('%s is refused as row locking, named', (sql, lock) => {
    expect(check(sql)).toEqual({
      ok: false,
      code: 'row_locking',
      reason: `${lock} locks rows; only plain SELECT queries can be run.`,
    });
  });

  it('SELECT INTO and placeholders are refused, the placeholder named', () => {
    expect(check('SELECT 1 INTO t2')).toMatchObject({ ok: false, code: 'select_into' });
    expectRefused('SELECT * FROM t WHERE a = $2', 'parameter_placeholder', '($2)');
  });
});
