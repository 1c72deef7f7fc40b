import { inspectSelect } from './inspect.ts';
import { applyLimit, planLimit, WRAP_ALIAS, type LimitPlan } from './limit.ts';
import { isParserLoaded, loadParser, parseStatements } from './parse.ts';
import { parsesAs, renderExactly } from './render.ts';
import { statementKindName } from './statement-kind.ts';
import { reject, type GuardOptions, type GuardVerdict } from './types.ts';
import { unwrapNode, type AstObject } from './walk.ts';

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Longest query text accepted, in UTF-8 bytes. */
export const MAX_SQL_BYTES = 100 * 1024;

/** Loads PostgreSQL's parser; after it resolves, checkSqlSync can be used. */
export function loadSqlGuard(): Promise<void> {
  return loadParser();
}

/**
 * Decides whether `sql` is one read-only SELECT that may run, and returns it re-rendered with the
 * row cap applied, plus the relations and functions it uses.
 */
export async function checkSql(sql: string, options: GuardOptions): Promise<GuardVerdict> {
  await loadParser();
  return checkSqlSync(sql, options);
}

export function checkSqlSync(sql: string, options: GuardOptions): GuardVerdict {
  assertOptions(options);
  if (!isParserLoaded()) throw new Error('The SQL guard is not loaded yet: await loadSqlGuard() or use checkSql().');

  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_SQL_BYTES) {
    return reject(
      'too_long',
      `The query is ${Math.ceil(bytes / 1024)} kB long; queries of at most ${MAX_SQL_BYTES / 1024} kB are accepted.`,
    );
  }
  if (sql.includes('\u0000')) {
    return reject(
      'invalid_character',
      'The query contains a NUL character, which PostgreSQL does not accept in query text.',
    );
  }
  if (UNPAIRED_SURROGATE.test(sql)) {
    return reject(
      'invalid_character',
      'The query contains a broken character (an unpaired UTF-16 surrogate), which is not Unicode text.',
    );
  }
  if (sql.trim() === '') return reject('empty', 'The query is empty.');

  const parsed = parseStatements(sql);
  if (!parsed.ok) return parsed;
  const stmts = parsed.tree.stmts ?? [];
  if (stmts.length === 0) return reject('empty', 'The query is empty: it holds only comments or semicolons.');
  if (stmts.length > 1) {
    return reject('multiple_statements', `The text holds ${stmts.length} statements; send exactly one SELECT query.`);
  }

  const raw = stmts[0]!;
  const [type, body] = unwrapNode(raw.stmt) ?? ['unknown', {} as AstObject];
  if (type !== 'SelectStmt') {
    return reject(
      'not_select',
      `${statementKindName(type, body)} statements cannot be run; only a single SELECT query can.`,
    );
  }

  const inspection = inspectSelect(raw.stmt, options.allowedFunctions ?? []);
  if ('ok' in inspection) return inspection;

  const plan = planLimit(body, options.maxRows);
  const text = statementText(sql, raw.stmt_location, raw.stmt_len);
  const rendered = renderWithLimit(raw.stmt, plan, options.maxRows, text);
  if (rendered === undefined) {
    return reject('rewrite_failed', 'The query could not be re-rendered safely with a row limit; simplify it.');
  }
  return { ok: true, sql: rendered, ...inspection };
}

/**
 * The deparsed tree when it reads back identically; otherwise the original text, wrapped in a
 * limiting SELECT when a limit is needed, again only when it reads back as intended.
 */
function renderWithLimit(statement: unknown, plan: LimitPlan, maxRows: number, text: string): string | undefined {
  const exact = renderExactly(applyLimit(statement, plan, maxRows));
  if (exact !== undefined) return exact;

  const fallbackPlan: LimitPlan = plan === 'keep' ? 'keep' : 'wrap';
  // The newline before `)` keeps a trailing `-- comment` from swallowing it.
  const fallback = fallbackPlan === 'keep' ? text : `SELECT * FROM (\n${text}\n) AS ${WRAP_ALIAS} LIMIT ${maxRows}`;
  return parsesAs(fallback, applyLimit(statement, fallbackPlan, maxRows)) ? fallback : undefined;
}

/** The statement's own text; the parser's offsets count UTF-8 bytes. */
function statementText(sql: string, location: number | undefined, length: number | undefined): string {
  const bytes = Buffer.from(sql, 'utf8');
  const start = location ?? 0;
  const end = length ? start + length : bytes.length;
  return bytes.subarray(start, end).toString('utf8').trim();
}

function assertOptions(options: GuardOptions): void {
  if (!Number.isSafeInteger(options.maxRows) || options.maxRows < 1 || options.maxRows > 2_147_483_647) {
    throw new RangeError(`maxRows must be a positive integer, got ${String(options.maxRows)}`);
  }
}
