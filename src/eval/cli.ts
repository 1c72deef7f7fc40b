import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { promptFor } from '../agent/prompt.ts';
import { ask } from '../chat/ask.ts';
import type { Connection } from '../db/schema.ts';
import { evaluate, formatReport, parseQuestions } from '../engine/eval.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import { valueLookup } from '../retrieval/knowledge.ts';
import { openEvalSession } from './session.ts';

const evalUsage = `Usage: askdb eval --questions FILE.jsonl --db-url 'postgres://user@host:5432/bench_{db}' --out predictions.jsonl [--provider builtin|ollama|openai] [--prompts-out prompts.jsonl]

Analyses each database named in the file (once per run), answers every question through the same
agent the chat uses, and writes {"id","sql","confidence","ms"} per line. When the file has gold
queries it also prints execution accuracy, precision over answered questions and latency.
--prompts-out also writes, for every question, the exact messages the LLM would receive to write its
SQL ({"id","messages":[{"role","content"}]}), including questions the built-in engine answers alone.`;

class EvalUsageError extends Error {}

/**
 * `askdb eval`: an in-memory AskDB (embedded app database, its own worker) connected to each
 * benchmark database, asked every question. Exits non-zero only when something crashes.
 */
export async function runEval(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      questions: { type: 'string' },
      'db-url': { type: 'string' },
      out: { type: 'string' },
      provider: { type: 'string' },
      'prompts-out': { type: 'string' },
    },
    strict: true,
  });
  if (!args.questions || !args['db-url'] || !args.out) throw new EvalUsageError(evalUsage);
  if (!args['db-url'].includes('{db}'))
    throw new EvalUsageError(`--db-url must contain {db}, the place of each database's name\n\n${evalUsage}`);
  const questions = parseQuestions(readFileSync(args.questions, 'utf8'));
  const dbUrl = args['db-url'];
  const session = await openEvalSession({
    dbUrl,
    env,
    overrides: args.provider ? { LLM_PROVIDER: args.provider } : {},
  });
  const { ctx } = session;
  const pools = new Map<string, pg.Pool>();
  const byModel = new Map<DatabaseModel, Connection>();
  const out: string[] = [];
  const prompts: string[] = [];
  try {
    const report = await evaluate(questions, {
      model: async (db) => {
        const connection = await session.connect(db);
        const model = await ctx.knowledge.model(connection);
        byModel.set(model, connection);
        return model;
      },
      values: (_db, model) => valueLookup(ctx.db, byModel.get(model)!.id),
      run: async (db, sql) => {
        let pool = pools.get(db);
        if (!pool) {
          pool = new pg.Pool({ connectionString: dbUrl.replaceAll('{db}', db), max: 2 });
          pools.set(db, pool);
        }
        const client = await pool.connect();
        try {
          await client.query("BEGIN READ ONLY; SET LOCAL statement_timeout = '30s'");
          return (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
        } finally {
          await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
      },
      answer: async (question, model) => {
        const connection = byModel.get(model)!;
        const message = await ask(ctx, {
          userId: session.userId,
          connectionId: connection.id,
          question,
          explainMode: 'query',
        });
        return {
          sql: message.kind === 'query' ? message.sql : null,
          confidence: message.confidence ?? (message.kind === 'query' ? 1 : 0),
        };
      },
      write: (line) => out.push(line),
    });
    if (args['prompts-out']) {
      for (const q of questions) {
        const connection = await session.connect(q.db);
        const messages = await promptFor(ctx, connection, q.question);
        prompts.push(JSON.stringify({ id: q.id, messages }));
      }
      writeFileSync(args['prompts-out'], prompts.length ? `${prompts.join('\n')}\n` : '');
    }
    writeFileSync(args.out, out.length ? `${out.join('\n')}\n` : '');
    const scored = questions.some((q) => q.gold && q.gold.length > 0);
    console.log(
      scored
        ? formatReport(report, `askdb eval (${session.config.LLM_PROVIDER})`)
        : `Wrote ${out.length} predictions to ${args.out}`,
    );
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
    await session.close();
  }
}

export { EvalUsageError };
