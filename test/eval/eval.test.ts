import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runEval } from '../../src/eval/cli.ts';
import { shopSql } from '../engine/shop.ts';
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from '../helpers/pg.ts';

let shop: ScratchDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'askdb-eval-test-'));

beforeAll(async () => {
  shop = await createScratchDatabase('askdb_eval');
  const client = new pg.Client({ connectionString: shop.url });
  await client.connect();
  await client.query(shopSql(false));
  await client.query('analyze');
  await client.end();
});
afterAll(async () => {
  await shop?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('askdb eval', () => {
  it('answers a question file, writes predictions and scores them against gold', async () => {
    const questions = [
      {
        id: 'q1',
        db: shop.name,
        question: 'How many customers are there?',
        category: 'basic',
        gold: ['SELECT count(*) FROM customers'],
      },
      {
        id: 'q2',
        db: shop.name,
        question: 'How many orders per status?',
        category: 'group_by',
        gold: ['SELECT status, count(*) FROM orders GROUP BY status'],
      },
      {
        id: 'q3',
        db: shop.name,
        question: 'What is the airspeed of an unladen swallow?',
        category: 'nonsense',
        gold: ['SELECT 1'],
      },
    ];
    const file = path.join(dir, 'q.jsonl');
    const out = path.join(dir, 'p.jsonl');
    const prompts = path.join(dir, 'prompts.jsonl');
    writeFileSync(file, questions.map((q) => JSON.stringify(q)).join('\n'));
    const server = new URL(testServerUrl());
    const printedLines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printedLines.push(line));
    try {
      await runEval([
        '--questions',
        file,
        '--db-url',
        `postgres://postgres@${server.hostname}:${server.port || 5432}/{db}`,
        '--out',
        out,
        '--prompts-out',
        prompts,
      ]);
    } finally {
      log.mockRestore();
    }
    const predictions = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(predictions.map((p) => p.id)).toEqual(['q1', 'q2', 'q3']);
    expect(predictions[0]).toMatchObject({
      sql: expect.stringMatching(/count/i),
      confidence: expect.any(Number),
      ms: expect.any(Number),
    });
    expect(predictions[2].sql).toBeNull();
    // The LLM's messages for every question, also those the built-in engine answered alone.
    const dumped = readFileSync(prompts, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dumped.map((p) => p.id)).toEqual(['q1', 'q2', 'q3']);
    expect(dumped[1].messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(dumped[1].messages[1].content).toMatch(/^TABLE orders \(7 rows\)$/m);
    expect(dumped[1].messages[1].content).toMatch(/Question: How many orders per status\?$/);
    const printed = printedLines.join('\n');
    expect(printed).toMatch(/EX +66\.7%/);
    expect(printed).toMatch(/precision 100\.0%/);
  }, 180_000);

  it('explains its usage when arguments are missing', async () => {
    await expect(runEval(['--questions', 'x.jsonl'])).rejects.toThrow(/Usage: askdb eval/);
  });
});
