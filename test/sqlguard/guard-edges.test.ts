/* The guard's input checks, option checks and tree comparison, each with its exact verdict. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSqlSync, loadSqlGuard, MAX_SQL_BYTES } from '../../src/sqlguard/index.ts';
import { parseStatements } from '../../src/sqlguard/parse.ts';
import { parsesAs, renderExactly } from '../../src/sqlguard/render.ts';

beforeAll(() => loadSqlGuard());

const check = (sql: string, maxRows = 10) => checkSqlSync(sql, { maxRows });

function treeOf(sql: string): unknown {
  const parsed = parseStatements(sql);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.tree.stmts![0]!.stmt;
}

describe('input checks', () => {
  it('measures the length in UTF-8 bytes, accepting exactly the limit', () => {
    const at = `SELECT 1 --${'x'.repeat(MAX_SQL_BYTES - 'SELECT 1 --'.length)}`;
    expect(Buffer.byteLength(at)).toBe(MAX_SQL_BYTES);
    expect(check(at)).toMatchObject({ ok: true, sql: 'SELECT 1 LIMIT 10' });
    expect(check(`${at}x`)).toEqual({
      ok: false,
      code: 'too_long',
      reason: 'The query is 101 kB long; queries of at most 100 kB are accepted.',
    });
    const wide = `SELECT '${'é'.repeat(MAX_SQL_BYTES / 2)}'`;
    expect(check(wide)).toEqual({
      ok: false,
      code: 'too_long',
      reason: 'The query is 101 kB long; queries of at most 100 kB are accepted.',
    });
  });

  it('refuses NUL and unpaired surrogates, and accepts a proper pair', () => {
    expect(check('SELECT 1\u0000')).toEqual({
      ok: false,
      code: 'invalid_character',
      reason: 'The query contains a NUL character, which PostgreSQL does not accept in query text.',
    });
    const broken = {
      ok: false,
      code: 'invalid_character',
      reason: 'The query contains a broken character (an unpaired UTF-16 surrogate), which is not Unicode text.',
    };
    expect(check("SELECT '\uD83D'")).toEqual(broken);
    expect(check("SELECT '\uDE00'")).toEqual(broken);
    expect(check("SELECT '\uDE00\uD83D'")).toEqual(broken);
    expect(check("SELECT '\uD83D\uDE00' AS smile")).toMatchObject({
      ok: true,
      sql: "SELECT '\uD83D\uDE00' AS smile LIMIT 10",
    });
  });

  it('tells an empty query from one holding only comments', () => {
    for (const sql of ['', '   ', '\n\t '])
      expect(check(sql), JSON.stringify(sql)).toEqual({ ok: false, code: 'empty', reason: 'The query is empty.' });
    for (const sql of [';', ' ; ; ', '-- nothing', '/* nothing */']) {
      expect(check(sql), sql).toEqual({
        ok: false,
        code: 'empty',
        reason: 'The query is empty: it holds only comments or semicolons.',
      });
    }
  });

  it('counts the statements it refuses', () => {
    expect(check('SELECT 1; SELECT 2')).toEqual({
      ok: false,
      code: 'multiple_statements',
      reason: 'The text holds 2 statements; send exactly one SELECT query.',
    });
    expect(check('SELECT 1; SELECT 2; SELECT 3;')).toMatchObject({
      reason: 'The text holds 3 statements; send exactly one SELECT query.',
    });
  });

  it('keeps the statement text of a query after leading comments and multi-byte text', () => {
    const sql = "/* é */ SELECT * FROM json_table(jsonb '[1]', '$[*]' COLUMNS (v int PATH '$')) AS jt";
    expect(check(`${sql};`, 5)).toMatchObject({
      ok: true,
      sql: `SELECT * FROM (\n${sql.slice('/* é */ '.length)}\n) AS askdb_q LIMIT 5`,
    });
  });
});

describe('options', () => {
  it('accepts maxRows from 1 to 2^31 - 1 and refuses anything else, saying what it got', () => {
    expect(check('SELECT 1', 1)).toMatchObject({ ok: true, sql: 'SELECT 1 LIMIT 1' });
    expect(check('SELECT 1', 2_147_483_647)).toMatchObject({ ok: true, sql: 'SELECT 1 LIMIT 2147483647' });
    for (const maxRows of [0, -1, 1.5, 2_147_483_648, Number.NaN]) {
      expect(() => check('SELECT 1', maxRows), String(maxRows)).toThrow(
        new RangeError(`maxRows must be a positive integer, got ${String(maxRows)}`),
      );
    }
  });
});

describe('tree comparison', () => {
  it('parsesAs ignores positions and nothing else: names, list lengths, node kinds and values count', () => {
    const tree = treeOf('SELECT a FROM t WHERE b = 1');
    expect(parsesAs('SELECT   a\n FROM   t  WHERE b=1', tree)).toBe(true);
    for (const other of [
      'SELECT b FROM t WHERE b = 1',
      'SELECT a, b FROM t WHERE b = 1',
      'SELECT a FROM t',
      'SELECT a FROM t WHERE b = 2',
      "SELECT a FROM t WHERE b = '1'",
      'SELECT a FROM t WHERE (SELECT 1) = 1',
      'SELECT a FROM t WHERE b = 1 ORDER BY a',
    ]) {
      expect(parsesAs(other, tree), other).toBe(false);
    }
  });

  it('parsesAs compares every list item and field: a changed copy of the tree does not match', () => {
    const sql = 'SELECT a, b FROM t WHERE c = 1';
    const tree = treeOf(sql) as { SelectStmt: Record<string, any> };
    const changed = (edit: (copy: { SelectStmt: Record<string, any> }) => void) => {
      const copy = structuredClone(tree);
      edit(copy);
      return parsesAs(sql, copy);
    };
    expect(changed(() => {})).toBe(true);
    expect(changed((c) => c.SelectStmt.targetList.pop())).toBe(false);
    expect(changed((c) => c.SelectStmt.targetList.push(c.SelectStmt.targetList[0]))).toBe(false);
    expect(changed((c) => (c.SelectStmt.targetList[1] = c.SelectStmt.targetList[0]))).toBe(false);
    expect(changed((c) => (c.SelectStmt.targetList = { ...c.SelectStmt.targetList }))).toBe(false);
    expect(changed((c) => (c.SelectStmt.whereClause = 'c = 1'))).toBe(false);
    expect(changed((c) => (c.SelectStmt.whereClause = [c.SelectStmt.whereClause]))).toBe(false);
    expect(changed((c) => (c.SelectStmt.extra = 1))).toBe(false);
    expect(changed((c) => (c.SelectStmt.extra = undefined))).toBe(true);
    expect(changed((c) => (c.SelectStmt.targetList[0].ResTarget.location = 99))).toBe(true);
    expect(
      changed((c) => {
        const { fromClause, ...rest } = c.SelectStmt;
        c.SelectStmt = { ...rest, fromClauseRenamed: fromClause };
      }),
    ).toBe(false);
    expect(parsesAs(sql, null)).toBe(false);
    expect(parsesAs(sql, [tree])).toBe(false);
  });

  it('parsesAs holds only for exactly one statement with the same tree', () => {
    const tree = treeOf('SELECT a FROM t');
    expect(parsesAs('select a from t', tree)).toBe(true);
    expect(parsesAs('SELECT b FROM t', tree)).toBe(false);
    expect(parsesAs('SELECT a FROM t; SELECT a FROM t', tree)).toBe(false);
    expect(parsesAs('SELEC a FROM t', tree)).toBe(false);
    expect(parsesAs('', tree)).toBe(false);
  });

  it('renderExactly gives the deparsed text, or nothing when the deparser cannot', () => {
    expect(renderExactly(treeOf('select a from t where b = 1'))).toBe('SELECT a FROM t WHERE b = 1');
    expect(renderExactly({ NoSuchNode: {} })).toBeUndefined();
  });
});
