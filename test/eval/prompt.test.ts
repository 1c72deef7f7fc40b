import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openEvalSession, type EvalSession } from '../../src/eval/session.ts';
import { runPrompt } from '../../src/eval/prompt-cli.ts';
import { shopSql } from '../engine/shop.ts';
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from '../helpers/pg.ts';

let shop: ScratchDatabase;
let app: ScratchDatabase;
let session: EvalSession;

beforeAll(async () => {
  shop = await createScratchDatabase('askdb_prompt_shop');
  app = await createScratchDatabase('askdb_prompt_app');
  const client = new pg.Client({ connectionString: shop.url });
  await client.connect();
  await client.query(shopSql(true));
  await client.query('analyze');
  await client.end();
  const server = new URL(testServerUrl());
  session = await openEvalSession({
    dbUrl: `postgres://postgres@${server.hostname}:${server.port || 5432}/{db}`,
    appDatabaseUrl: app.url,
    analyseInline: true,
  });
});
afterAll(async () => {
  await session.close();
  await app.drop();
  await shop.drop();
});

async function printed(argv: string[]): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await runPrompt(argv, session.config);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

describe('askdb prompt', () => {
  it('prints the messages the LLM would receive, by connection id or name, as text or JSON', async () => {
    const connection = await session.connect(shop.name);
    const text = await printed(['--connection', connection.id, 'Which customers live in BERLIN?']);
    expect(text).toMatch(/^--- system ---\nYou answer questions about a PostgreSQL database/);
    expect(text).toMatch(/^--- user ---\nTables:\nTABLE customers/m);
    expect(text).toMatch(/city text -- values: .*'Berlin'/);
    const json = JSON.parse(await printed(['--connection', shop.name, '--json', 'How many orders per status?']));
    expect(json.id).toBe(connection.id);
    expect(json.messages.at(-1).content).toMatch(/Question: How many orders per status\?$/);
  });

  it('says what is wrong with its arguments', async () => {
    await expect(runPrompt(['How many orders?'], session.config)).rejects.toThrow(/Usage: askdb prompt/);
    await expect(
      runPrompt(['--connection', 'nothing-by-this-name', 'How many orders?'], session.config),
    ).rejects.toThrow(/No connection has the id or name/);
  });
});
