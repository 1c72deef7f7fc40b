import pg from 'pg';
import { shopSql } from '../../test/engine/shop.ts';
import { quickModel } from './quick-model.ts';
import { interpret } from '../../src/engine/interpret.ts';
import { linkMentions } from '../../src/engine/link.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { readCues } from '../../src/engine/understand.ts';
import { answerQuestion } from '../../src/engine/index.ts';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await admin.connect();
await admin.query('DROP DATABASE IF EXISTS askdb_shop_debug'); await admin.query('CREATE DATABASE askdb_shop_debug'); await admin.end();
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/askdb_shop_debug' }); await c.connect();
await c.query(shopSql(false)); const model = await quickModel(c, 'shop'); await c.end();
const values = memoryValueLookup(model); const index = indexSchema(model);
for (const question of process.argv.slice(2)) {
  const tokens = tokenize(question); const cues = readCues(tokens, new Date());
  console.log('cues', cues.map((x) => `${tokens.slice(x.start, x.end).map((t) => t.text).join(' ')}=${x.cue.type}`).join(' | '));
  const free = tokens.map((_, i) => !cues.some((x) => i >= x.start && i < x.end));
  const mentions = await linkMentions(tokens, free, index, values);
  for (const m of mentions) console.log(`mention "${m.text}":`, m.candidates.slice(0, 4).map((x) => `${x.kind}:${x.kind === 'table' ? x.table.name : `${x.column?.table.name}.${x.column?.name}`}${x.kind === 'value' ? `='${x.value}'` : ''}@${x.score.toFixed(2)}`).join(', '));
  const r = await answerQuestion(question, model, { values });
  console.log(r.kind === 'sql' ? r.sql : r.message, r.confidence);
}
