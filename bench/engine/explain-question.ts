/**
 * Shows how the engine reads one question on a bench database: cues, linked mentions, the frame and
 * the answer. Usage: npx tsx bench/engine/explain-question.ts DB "question"
 */
import pg from 'pg';
import { answerQuestion } from '../../src/engine/index.ts';
import { interpret } from '../../src/engine/interpret/index.ts';
import { linkMentions } from '../../src/engine/link.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { readCues } from '../../src/engine/understand.ts';
import { quickModel } from './quick-model.ts';

const [db, question] = process.argv.slice(2) as [string, string];
const client = new pg.Client({
  connectionString: `${process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432'}/bench_${db}`,
});
await client.connect();
const model = await quickModel(client, db);
await client.end();
const values = memoryValueLookup(model);
const index = indexSchema(model);
const tokens = tokenize(question);
const cues = readCues(tokens, new Date());
console.log(
  'cues',
  cues
    .map(
      (c) =>
        `${tokens
          .slice(c.start, c.end)
          .map((t) => t.text)
          .join(' ')}=${c.cue.type}`,
    )
    .join(' | '),
);
const free = tokens.map((_, i) => !cues.some((c) => i >= c.start && i < c.end));
const mentions = await linkMentions(tokens, free, index, values);
for (const m of mentions)
  console.log(
    `mention "${m.text}":`,
    m.candidates
      .slice(0, 4)
      .map(
        (c) =>
          `${c.kind}:${c.kind === 'table' ? c.table.name : c.kind === 'term' ? `term ${c.term.term.name}` : `${c.column?.table.name}.${c.column?.name}`}${c.kind === 'value' ? `='${c.value}'` : ''}@${c.score.toFixed(2)}`,
      )
      .join(', '),
  );
const { frame } = interpret(tokens, cues, mentions);
console.log(
  'frame',
  JSON.stringify({ ...frame, used: frame.used.map((u) => `${u.text}:${u.role}`) }, (_key, v) =>
    v && typeof v === 'object' && 'info' in v && 'table' in v
      ? `${v.table.name}.${v.name}`
      : v && typeof v === 'object' && 'info' in v
        ? v.name
        : v,
  ),
);
console.log(await answerQuestion(question, model, { values }));
