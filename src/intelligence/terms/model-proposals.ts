/**
 * Extra business terms from the configured language model, on an owner's request: the model reads
 * the analysed schema (names, types, comments, a few stored values) and the terms that exist, and
 * proposes more. Each goes through the same checks as a person's term (parsed, only its table's
 * columns, the right shape, test-run as SELECT … LIMIT 0) and is kept as a proposal to accept or
 * reject; what fails is reported with the reason and kept nowhere.
 */
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { businessTerms, type Connection } from '../../db/schema.ts';
import { Conflict } from '../../errors.ts';
import { type ChatMessage, type JsonSchema, LlmBadResponse, parseJsonLoose } from '../../llm/index.ts';
import type { DatabaseModel, TableInfo } from '../model.ts';
import { InvalidTerm, listTerms, modelReasonPrefix, validateTerm, type Term } from './service.ts';

type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'metrics' | 'log' | 'knowledge' | 'llm'>;

/** The schema shown to the model: the largest tables first, up to this many. */
const maxTables = 40;
const maxValuesPerColumn = 8;
const maxProposals = 20;

const proposalSchema = z.object({
  name: z.string().trim().min(1).max(120),
  synonyms: z.array(z.string().trim().min(1).max(120)).max(10).catch([]),
  kind: z.enum(['measure', 'dimension', 'filter', 'entity']),
  expression: z.string().max(2000).catch(''),
  table: z.string().trim().min(1).max(200),
  description: z.string().max(2000).catch(''),
  reason: z.string().max(500).catch(''),
});

const answerSchema: JsonSchema = {
  type: 'object',
  properties: {
    terms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          synonyms: { type: 'array', items: { type: 'string' } },
          kind: { type: 'string', enum: ['measure', 'dimension', 'filter', 'entity'] },
          expression: { type: 'string' },
          table: { type: 'string' },
          description: { type: 'string' },
          reason: { type: 'string' },
        },
        required: ['name', 'kind', 'expression', 'table'],
      },
    },
  },
  required: ['terms'],
};

function tableLine(t: TableInfo): string {
  const columns = t.columns.map((c) => {
    const values =
      c.strategy === 'categorical'
        ? (c.profile?.categories ?? []).slice(0, maxValuesPerColumn).map((v) => `'${v.value}'`)
        : [];
    return `${c.name} ${c.dataType}${c.comment ? ` -- ${c.comment}` : ''}${values.length ? ` (values: ${values.join(', ')})` : ''}`;
  });
  const name = t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
  return `TABLE ${name}${t.comment ? ` -- ${t.comment}` : ''}\n  ${columns.join('\n  ')}`;
}

/** The messages asking for terms: what a term is, the schema, the names already taken. */
function proposalMessages(model: DatabaseModel, existing: string[]): ChatMessage[] {
  const tables = [...model.tables].sort((a, b) => b.rowCount - a.rowCount).slice(0, maxTables);
  return [
    {
      role: 'system',
      content: [
        'You define business terms for a PostgreSQL database: the words its team uses for figures and rows, each defined once in SQL over ONE table.',
        "Kinds: measure = one aggregate expression (sum(orders.total_amount), count(*)); dimension = a per-row value to group by (date_trunc('month', orders.order_date));",
        "filter = a boolean condition on one row (payments.status = 'failed'); entity = another name for a table (expression: the table's name).",
        "Use only the columns of the term's own table, written table.column; no subqueries, no joins. Quote stored values exactly as listed.",
        `Answer with JSON {"terms": [{"name", "synonyms", "kind", "expression", "table", "description", "reason"}]}, at most ${maxProposals} terms, none named like an existing one.`,
      ].join('\n'),
    },
    {
      role: 'user',
      content: `Existing terms: ${existing.length ? existing.join(', ') : 'none'}\n\nSchema:\n${tables.map(tableLine).join('\n')}`,
    },
  ];
}

export interface ModelProposals {
  added: Term[];
  /** Proposals that failed their checks, with what was wrong. */
  refused: { name: string; message: string }[];
}

/** Asks the configured model for more terms; keeps those that pass every check as proposals. */
export async function proposeWithModel(deps: Deps, userId: string, connection: Connection): Promise<ModelProposals> {
  if (!deps.llm)
    throw new Conflict(
      'No language model is configured (LLM_PROVIDER is builtin): the analysis rules propose the terms alone.',
    );
  const model = await deps.knowledge.model(connection);
  const existing = await listTerms(deps, connection.id);
  const taken = new Set(existing.map((t) => t.name.toLowerCase()));
  const response = await deps.llm.chat(
    proposalMessages(
      model,
      existing.map((t) => t.name),
    ),
    { json: answerSchema, temperature: 0 },
  );
  const parsed = z.object({ terms: z.array(z.unknown()) }).safeParse(parseJsonLoose(response.text));
  if (!parsed.success) throw new LlmBadResponse('The model did not answer with a list of terms');
  const refused: ModelProposals['refused'] = [];
  const added: string[] = [];
  for (const raw of parsed.data.terms.slice(0, maxProposals)) {
    const item = proposalSchema.safeParse(raw);
    const name = item.success ? item.data.name : String((raw as { name?: unknown })?.name ?? '(no name)');
    if (!item.success) {
      refused.push({ name, message: 'not a term: it needs a name, a kind, an expression and a table' });
      continue;
    }
    if (taken.has(name.toLowerCase())) {
      refused.push({ name, message: 'a term with this name exists already' });
      continue;
    }
    try {
      const checked = await validateTerm(deps, userId, connection, { ...item.data, name }, model);
      const seen = new Set([name.toLowerCase()]);
      await deps.db.insert(businessTerms).values({
        connectionId: connection.id,
        name,
        synonyms: item.data.synonyms.filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase())),
        kind: item.data.kind,
        expression: checked.expression,
        tableSchema: checked.schema,
        tableName: checked.table,
        description: item.data.description.trim(),
        reason: `${modelReasonPrefix} (${deps.llm.model})${item.data.reason.trim() ? `: ${item.data.reason.trim()}` : '.'}`,
        origin: 'proposed',
        status: 'proposed',
      });
      taken.add(name.toLowerCase());
      added.push(name.toLowerCase());
    } catch (error) {
      if (!(error instanceof InvalidTerm)) throw error;
      refused.push({ name, message: error.message.replace(/^Term "[^"]*": /, '') });
    }
  }
  await deps.knowledge.invalidate(connection.id);
  const all = await listTerms(deps, connection.id);
  return { added: all.filter((t) => added.includes(t.name.toLowerCase())), refused };
}
