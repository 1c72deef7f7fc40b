/*
 * A light SQL lexer: just enough of PostgreSQL's lexical rules (quotes, E'' strings, "identifiers",
 * $tag$ dollar quotes, -- and nested /* comments, parentheses) to split statements on the semicolons
 * that really end them and to notice output that was cut off. It does not judge what the SQL means:
 * libpg-query does that later.
 */

type OpenConstruct = 'string' | 'quoted identifier' | 'dollar-quoted string' | 'comment' | 'parenthesis';

export interface Statement {
  /** Trimmed, without its semicolon. */
  text: string;
  /** The same statement with comments blanked out, to look at its real last word. */
  code: string;
  terminated: boolean;
  /** What was still open when the text ended, if anything: a sign the output was cut off. */
  open: OpenConstruct | null;
}

export interface ScanOptions {
  /** The SQL sits in prose: stop at a line that reads like a sentence, at a backtick, or at a markdown line. */
  stopAtProse?: boolean;
}

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;
const dollarTag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function splitStatements(text: string, options: ScanOptions = {}): Statement[] {
  const statements: Statement[] = [];
  let start = 0;
  let code = '';
  let depth = 0;
  let i = 0;

  const finish = (end: number, terminated: boolean, open: OpenConstruct | null) => {
    const statementText = text.slice(start, end).trim();
    if (code.trim() !== '') statements.push({ text: statementText, code: code.trim(), terminated, open });
    code = '';
    depth = 0;
  };

  while (i < text.length) {
    if (options.stopAtProse && code.trim() === '' && isProseLine(restOfLine(text, i))) break;
    const c = text[i]!;
    const next = text[i + 1];

    if (c === "'") {
      const backslashEscapes = /[Ee]/.test(text[i - 1] ?? '') && !identifierChar.test(text[i - 2] ?? '');
      const end = closingQuote(text, i + 1, "'", backslashEscapes);
      if (end < 0) return [...statements, open(text, start, code + text.slice(i), 'string')];
      code += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const end = closingQuote(text, i + 1, '"', false);
      if (end < 0) return [...statements, open(text, start, code + text.slice(i), 'quoted identifier')];
      code += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$' && !identifierChar.test(text[i - 1] ?? '')) {
      const tag = dollarTag.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        if (close < 0) return [...statements, open(text, start, code + text.slice(i), 'dollar-quoted string')];
        code += text.slice(i, close + tag.length);
        i = close + tag.length;
        continue;
      }
    }
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      code += ' ';
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = closingComment(text, i);
      if (end < 0) return [...statements, open(text, start, code, 'comment')];
      code += ' ';
      i = end;
      continue;
    }
    if (options.stopAtProse && (c === '`' || (c === '\n' && depth === 0 && isProseLine(restOfLine(text, i + 1)))))
      break;
    if (c === ';') {
      finish(i, true, depth > 0 ? 'parenthesis' : null);
      start = i + 1;
      i++;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    code += c;
    i++;
  }
  finish(Math.min(i, text.length), false, depth > 0 ? 'parenthesis' : null);
  return statements;
}

function open(text: string, start: number, code: string, construct: OpenConstruct): Statement {
  return { text: text.slice(start).trim(), code: code.trim(), terminated: false, open: construct };
}

/** Index of the quote that closes a string or identifier starting at `from`; doubled quotes are escapes. */
function closingQuote(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i++;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** PostgreSQL block comments nest. Returns the index just after the comment, or -1 when it never closes. */
function closingComment(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function restOfLine(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? text.length : end);
}

/** Words a line of SQL can start with (clauses, operators, common functions). */
const sqlWords = new Set(
  `SELECT FROM WHERE AND OR NOT JOIN LEFT RIGHT INNER OUTER FULL CROSS NATURAL LATERAL ON USING GROUP ORDER BY
  HAVING LIMIT OFFSET FETCH UNION INTERSECT EXCEPT ALL DISTINCT AS CASE WHEN THEN ELSE END WITH RECURSIVE
  MATERIALIZED IN IS NULL BETWEEN LIKE ILIKE SIMILAR EXISTS ANY SOME ASC DESC NULLS FIRST LAST OVER PARTITION
  WINDOW ROWS RANGE FILTER VALUES INTERVAL CAST TRUE FALSE COUNT SUM AVG MIN MAX ROUND COALESCE NULLIF
  DATE_TRUNC EXTRACT DATE_PART TO_CHAR LOWER UPPER TRIM LENGTH CONCAT STRING_AGG ARRAY_AGG NOW CURRENT_DATE
  CURRENT_TIMESTAMP ROW_NUMBER RANK DENSE_RANK LAG LEAD PERCENTILE_CONT TABLE`.split(/\s+/),
);

/** Capitalised words that begin sentences after a query ("It returns…", "In this query…") and never a line of SQL. */
const sentenceStarters = new Set(
  'This The It These Those That Here Note We I You Your In If To For Please Let Also Alternatively However Assuming Explanation Replace Make Remember'.split(
    ' ',
  ),
);

/** Does this line read like a sentence or markdown rather than a line of SQL? */
function isProseLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (/^(`|#{1,6}\s|\*\*|[*•]\s|-\s|\d+[.)]\s)/.test(trimmed)) return true;
  const firstWord = /^[A-Za-z_]+/.exec(trimmed)?.[0];
  if (firstWord && sentenceStarters.has(firstWord)) return true;
  if (!firstWord || sqlWords.has(firstWord.toUpperCase())) return false;
  if (/[.!?:]$/.test(trimmed)) return true;
  const words = trimmed.split(/\s+/);
  return (
    /^[A-Z][a-z]/.test(firstWord) &&
    words.length >= 4 &&
    !/[=(),*<>'"]/.test(trimmed) &&
    !words.some((w) => sqlWords.has(w))
  );
}

const danglingWords = new Set(
  'SELECT FROM WHERE AND OR NOT JOIN LEFT RIGHT INNER OUTER FULL CROSS ON USING GROUP ORDER BY HAVING LIMIT OFFSET UNION INTERSECT EXCEPT AS CASE WHEN THEN ELSE WITH IN IS BETWEEN LIKE ILIKE DISTINCT OVER PARTITION'.split(
    ' ',
  ),
);

/** The word or symbol a statement ends on when that cannot be the end of a query (a sign of cut-off output). */
export function danglingEnd(code: string): string | null {
  const trimmed = code.trimEnd();
  const lastChar = trimmed.at(-1);
  if (lastChar && ',=<>+-/.|'.includes(lastChar)) return lastChar;
  const lastWord = /([A-Za-z_]+)$/.exec(trimmed)?.[1];
  if (lastWord && danglingWords.has(lastWord.toUpperCase())) return lastWord.toUpperCase();
  return null;
}
