import { parseArgs } from 'node:util';
import { toCsv } from '../chat/csv.ts';
import type { MessageOut } from '../chat/present.ts';

/** A problem with the command line or the environment: printed as one line, exit code 1. */
export class AskUsageError extends Error {}

const askUsage = `Usage: askdb ask --connection NAME|ID [--json | --csv] "question"

Asks a running AskDB (ASKDB_URL, default http://127.0.0.1:8000) as the owner of ASKDB_TOKEN (a personal
access token) and prints the answer as a table. Exit code: 0 answered, 2 AskDB asked back or could
not answer (clarify, unanswerable), 1 error.
`;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CELL = 40;

interface Answer extends Omit<MessageOut, 'kind' | 'options'> {
  /** query, chitchat, clarify, unanswerable, error, or a kind this client does not know yet. */
  kind: string;
  options?: { label: string; question: string }[] | null;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A small client of AskDB's HTTP API with a bearer token. */
function apiClient(baseUrl: string, token: string) {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path.replace(/^\//, ''), base), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(
        0,
        `AskDB at ${base.href} could not be reached (${(error as Error).message}); check ASKDB_URL`,
      );
    }
    const payload = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!response.ok) throw new ApiError(response.status, payload?.error?.message ?? `HTTP ${response.status}`);
    return payload as T;
  };
}

/** The id of the connection named `ref` (its id, or its name, case-insensitive when not exact). */
async function connectionId(api: ReturnType<typeof apiClient>, ref: string): Promise<string> {
  if (uuid.test(ref)) return ref;
  const list = await api<{ id: string; name: string }[]>('GET', '/connections');
  const exact = list.filter((c) => c.name === ref);
  const found = exact.length > 0 ? exact : list.filter((c) => c.name.toLowerCase() === ref.toLowerCase());
  if (found.length === 1) return found[0]!.id;
  if (found.length > 1)
    throw new AskUsageError(`Several databases are named "${ref}"; use an id: ${found.map((c) => c.id).join(', ')}`);
  throw new AskUsageError(
    `No database named "${ref}" is available to you; yours: ${list.map((c) => c.name).join(', ') || 'none'}`,
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
}

/** Rows as an aligned text table, numbers to the right. */
export function formatTable(columns: { name: string; type: string }[], rows: unknown[][]): string {
  const cells = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const widths = columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => r[i]!.length)));
  const numeric =
    rows.length > 0
      ? columns.map((_, i) =>
          rows.every((r) => r[i] === null || typeof r[i] === 'number' || /^-?\d+(\.\d+)?$/.test(String(r[i]))),
        )
      : columns.map(() => false);
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.name)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** 0 answered, 2 clarify / unanswerable (and any other kind without an answer), 1 error. */
export function exitCodeFor(kind: string): number {
  if (kind === 'query' || kind === 'chitchat') return 0;
  if (kind === 'error') return 1;
  return 2;
}

function render(answer: Answer, format: 'table' | 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv') return answer.columns && answer.rows ? toCsv(answer.columns, answer.rows as never) : '';
  const parts: string[] = [];
  if (answer.columns && answer.rows) {
    parts.push(formatTable(answer.columns, answer.rows));
    const shown = answer.rows.length;
    const total = answer.row_count ?? shown;
    parts.push(`(${total} row${total === 1 ? '' : 's'}${answer.truncated || total > shown ? `, ${shown} shown` : ''})`);
  }
  if (answer.answer && answer.kind !== 'query') parts.push(answer.answer);
  for (const option of answer.options ?? []) parts.push(`  - ${option.label}: ${option.question}`);
  if (answer.sql) parts.push(`\nSQL: ${answer.sql}`);
  if (answer.explanation && answer.kind === 'query') parts.push(answer.explanation);
  return `${parts.join('\n')}\n`;
}

/** `askdb ask`: returns the exit code; output goes to `out`, problems to `err`. */
export async function runAsk(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: { out: (text: string) => void; err: (text: string) => void } = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      connection: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(askUsage);
    return 0;
  }
  const question = positionals.join(' ').trim();
  if (!values.connection || !question) throw new AskUsageError(askUsage);
  if (values.json && values.csv) throw new AskUsageError('Choose one of --json and --csv');
  const token = env.ASKDB_TOKEN?.trim();
  if (!token) throw new AskUsageError('Set ASKDB_TOKEN to a personal access token (AskDB → Access tokens)');
  const api = apiClient(env.ASKDB_URL || 'http://127.0.0.1:8000', token);
  try {
    const id = await connectionId(api, values.connection);
    const answer = await api<Answer>('POST', `/chat/${id}`, { question });
    io.out(render(answer, values.json ? 'json' : values.csv ? 'csv' : 'table'));
    // CSV holds rows alone: an answer without rows is still said, on stderr.
    if (values.csv && !answer.rows) io.err(`${answer.answer}\n`);
    return exitCodeFor(answer.kind);
  } catch (error) {
    if (error instanceof ApiError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
