import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, formatTable } from '../../src/cli/ask.ts';
import { mcpFixture, type McpFixture } from '../mcp/fixture.ts';

const bin = fileURLToPath(new URL('../../bin/askdb.js', import.meta.url));

let f: McpFixture;
beforeAll(async () => {
  f = await mcpFixture('cliask');
});
afterAll(() => f.close());

function askdb(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'ask', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ASKDB_URL: f.baseUrl,
          ASKDB_TOKEN: f.tokens.owner,
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Each case starts `askdb ask` (TypeScript through tsx): seconds each on a busy machine.
describe('askdb ask', { timeout: 120_000 }, () => {
  it('prints the answer as a table and exits 0', async () => {
    const run = await askdb(['--connection', 'Shop', 'How many customers are there?']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^-+$/);
    expect(lines[2]!.trim()).toBe('5');
    expect(run.stdout).toMatch(/\(1 row\)/);
    expect(run.stdout).toMatch(/SQL: SELECT count/i);
  });

  it('--json prints the whole answer; the connection may be given by id', async () => {
    const run = await askdb(['--json', '-c', f.connectionId, 'How many orders are there?']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ kind: 'query', rows: [[7]], question: 'How many orders are there?' });
  });

  it('--csv prints the rows as CSV', async () => {
    const run = await askdb(['--csv', '--connection', 'shop', 'How many customers are there?']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('5');
  });

  it('exits 2 when AskDB cannot answer (unanswerable or clarify)', async () => {
    const run = await askdb(['--connection', 'Shop', 'What is the weather on Mars tomorrow?']);
    expect(run.code).toBe(2);
    expect(run.stdout.length).toBeGreaterThan(10);
  });

  it("exits 1 on errors: unknown database, another user's database, a bad token, no token, no question", async () => {
    const unknown = await askdb(['--connection', 'Nope', 'How many orders?']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/No database named "Nope" is available to you; yours: Shop/);
    const foreign = await askdb(['--connection', f.connectionId, 'How many orders?'], {
      ASKDB_TOKEN: f.tokens.stranger,
    });
    expect(foreign).toMatchObject({ code: 1, stderr: 'Connection not found\n' });
    const bad = await askdb(['--connection', 'Shop', 'How many orders?'], {
      ASKDB_TOKEN: `askdb_pat_${'x'.repeat(43)}`,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/access token is not valid/);
    const none = await askdb(['--connection', 'Shop', 'How many orders?'], { ASKDB_TOKEN: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/Set ASKDB_TOKEN/);
    const usage = await askdb(['--connection', 'Shop']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/Usage: askdb ask/);
  });

  it('exits 1 when AskDB cannot be reached', async () => {
    const run = await askdb(['--connection', 'Shop', 'How many orders?'], { ASKDB_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not be reached/);
  });
});

describe('output and exit codes', () => {
  it('aligns columns, numbers to the right, and cuts long cells', () => {
    const table = formatTable(
      [
        { name: 'city', type: 'text' },
        { name: 'n', type: 'int8' },
      ],
      [
        ['Berlin', 12],
        ['a'.repeat(60), 3],
      ],
    );
    expect(table.split('\n')).toEqual([
      'city                                       n',
      '----------------------------------------  --',
      'Berlin                                    12',
      `${'a'.repeat(39)}…   3`,
    ]);
  });

  it('0 answered, 2 asked back or unanswerable (and kinds it does not know), 1 error', () => {
    expect([
      exitCodeFor('query'),
      exitCodeFor('chitchat'),
      exitCodeFor('clarify'),
      exitCodeFor('unanswerable'),
      exitCodeFor('something new'),
      exitCodeFor('error'),
    ]).toEqual([0, 0, 2, 2, 2, 1]);
  });
});
