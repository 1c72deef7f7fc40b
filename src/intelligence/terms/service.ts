/**
 * Business terms of a connection: what analysis proposes, what people accept, edit, reject or add,
 * and the YAML file that holds the whole set. Every expression a person writes is checked
 * (validate.ts) and test-run as `SELECT … LIMIT 0` on the target before it is kept.
 */
import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { businessTerms, users, type BusinessTermRow, type Connection } from '../../db/schema.ts';
import { Conflict, Invalid, NotFound, Unprocessable } from '../../errors.ts';
import { executeSqlQuery } from '../../query/service.ts';
import type { EngineTerm } from '../../engine/index.ts';
import type { DatabaseModel } from '../model.ts';
import { proposeTerms, type ProposedTerm, type TermDefinition } from './propose.ts';
import { checkTermShape, type TermKind } from './validate.ts';

type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'metrics' | 'log' | 'knowledge'>;

export type TermStatus = 'proposed' | 'accepted' | 'rejected';

/** A term as services and the API see it, with the name of who edited it last. */
export interface Term extends BusinessTermRow {
  editor: string | null;
}

export interface TermInput extends TermDefinition {
  status: TermStatus;
}

export interface TermFilter {
  status?: TermStatus;
  kind?: TermKind;
  q?: string;
}

/** An expression that failed its checks: 400 saying what is wrong. */
export class InvalidTerm extends Invalid {
  constructor(
    message: string,
    readonly term?: string,
  ) {
    super(term ? `Term "${term}": ${message}` : message, { code: 'invalid_term', term });
  }
}

const columns = { term: businessTerms, editor: users.username };

function withEditor(rows: { term: BusinessTermRow; editor: string | null }[]): Term[] {
  return rows.map((r) => ({ ...r.term, editor: r.editor }));
}

export async function listTerms(
  deps: Pick<AppContext, 'db'>,
  connectionId: string,
  filter: TermFilter = {},
): Promise<Term[]> {
  const where = [eq(businessTerms.connectionId, connectionId)];
  if (filter.status) where.push(eq(businessTerms.status, filter.status));
  if (filter.kind) where.push(eq(businessTerms.kind, filter.kind));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(businessTerms.name, like),
        ilike(businessTerms.description, like),
        ilike(businessTerms.expression, like),
        sql`${businessTerms.synonyms}::text ilike ${like}`,
      )!,
    );
  }
  const rows = await deps.db
    .select(columns)
    .from(businessTerms)
    .leftJoin(users, eq(users.id, businessTerms.updatedBy))
    .where(and(...where))
    .orderBy(asc(businessTerms.kind), asc(businessTerms.name));
  return withEditor(rows);
}

/** The terms people accepted: what the engine, retrieval and the LLM prompt use. */
export function acceptedTerms(deps: Pick<AppContext, 'db'>, connectionId: string): Promise<Term[]> {
  return listTerms(deps, connectionId, { status: 'accepted' });
}

async function getTerm(db: Db, connectionId: string, id: string): Promise<Term> {
  const rows = await db
    .select(columns)
    .from(businessTerms)
    .leftJoin(users, eq(users.id, businessTerms.updatedBy))
    .where(and(eq(businessTerms.id, id), eq(businessTerms.connectionId, connectionId)));
  if (rows.length === 0) throw new NotFound('Business term not found');
  return withEditor(rows)[0]!;
}

/**
 * Checks a term against the connection's analysed tables, then test-runs it on the target as
 * `SELECT … LIMIT 0` (recorded in the SQL history like any query). Returns the normalised expression.
 */
export async function validateTerm(
  deps: Deps,
  userId: string,
  connection: Connection,
  input: Pick<TermInput, 'kind' | 'expression' | 'table'> & { name?: string },
  model?: DatabaseModel,
): Promise<{ expression: string; schema: string; table: string }> {
  const analysed = model ?? (await deps.knowledge.model(connection));
  const shape = await checkTermShape(analysed, input, connection.allowedFunctions);
  if (!shape.ok) throw new InvalidTerm(shape.message, input.name);
  if (shape.testSql) {
    try {
      await executeSqlQuery(deps, {
        userId,
        connectionId: connection.id,
        sql: shape.testSql,
        source: 'user',
        maxRows: 1,
      });
    } catch (error) {
      if (error instanceof Unprocessable || error instanceof Invalid)
        throw new InvalidTerm(
          error.message.replace(/^The database refused the query: /, 'The database refused it: '),
          input.name,
        );
      throw error;
    }
  }
  return { expression: shape.expression, schema: shape.table.schema, table: shape.table.name };
}

function cleanSynonyms(name: string, synonyms: string[]): string[] {
  const seen = new Set([name.trim().toLowerCase()]);
  return synonyms
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
}

async function nameTaken(db: Db, connectionId: string, name: string, except?: string): Promise<boolean> {
  const rows = await db
    .select({ id: businessTerms.id })
    .from(businessTerms)
    .where(
      and(
        eq(businessTerms.connectionId, connectionId),
        sql`lower(${businessTerms.name}) = ${name.trim().toLowerCase()}`,
      ),
    );
  return rows.some((r) => r.id !== except);
}

/** A person adds a term (accepted unless they say otherwise). */
export async function createTerm(deps: Deps, userId: string, connection: Connection, input: TermInput): Promise<Term> {
  const name = input.name.trim();
  if (await nameTaken(deps.db, connection.id, name)) throw new Conflict(`A term named "${name}" exists already`);
  const checked = await validateTerm(deps, userId, connection, { ...input, name });
  const [row] = await deps.db
    .insert(businessTerms)
    .values({
      connectionId: connection.id,
      name,
      synonyms: cleanSynonyms(name, input.synonyms),
      kind: input.kind,
      expression: checked.expression,
      tableSchema: checked.schema,
      tableName: checked.table,
      description: input.description.trim(),
      origin: 'person',
      status: input.status,
      edited: true,
      updatedBy: userId,
    })
    .returning();
  await deps.knowledge.invalidate(connection.id);
  return getTerm(deps.db, connection.id, row!.id);
}

/** A person edits, accepts or rejects a term; analysis leaves it alone from then on. */
export async function updateTerm(
  deps: Deps,
  userId: string,
  connection: Connection,
  id: string,
  changes: Partial<TermInput>,
): Promise<Term> {
  const current = await getTerm(deps.db, connection.id, id);
  const name = changes.name?.trim() ?? current.name;
  if (name.toLowerCase() !== current.name.toLowerCase() && (await nameTaken(deps.db, connection.id, name, id)))
    throw new Conflict(`A term named "${name}" exists already`);
  const kind = changes.kind ?? current.kind;
  const table =
    changes.table ??
    (current.tableSchema === 'public' ? current.tableName : `${current.tableSchema}.${current.tableName}`);
  const expression = changes.expression ?? current.expression;
  // Accepting a proposal checks it on the target too: what the engine uses has run once.
  const recheck =
    changes.kind !== undefined ||
    changes.table !== undefined ||
    changes.expression !== undefined ||
    (changes.status === 'accepted' && current.status !== 'accepted');
  const checked = recheck ? await validateTerm(deps, userId, connection, { kind, table, expression, name }) : null;
  await deps.db
    .update(businessTerms)
    .set({
      name,
      synonyms: cleanSynonyms(name, changes.synonyms ?? current.synonyms),
      kind,
      ...(checked ? { expression: checked.expression, tableSchema: checked.schema, tableName: checked.table } : {}),
      description: changes.description?.trim() ?? current.description,
      status: changes.status ?? current.status,
      edited: true,
      updatedBy: userId,
      updatedAt: new Date(),
    })
    .where(eq(businessTerms.id, id));
  await deps.knowledge.invalidate(connection.id);
  return getTerm(deps.db, connection.id, id);
}

export async function deleteTerm(
  deps: Pick<AppContext, 'db' | 'knowledge'>,
  connectionId: string,
  id: string,
): Promise<void> {
  const deleted = await deps.db
    .delete(businessTerms)
    .where(and(eq(businessTerms.id, id), eq(businessTerms.connectionId, connectionId)))
    .returning({ id: businessTerms.id });
  if (deleted.length === 0) throw new NotFound('Business term not found');
  await deps.knowledge.invalidate(connectionId);
}

/** Every reason of a language model's proposal starts so (model-proposals.ts): analysis keeps those proposals while they still check. */
export const modelReasonPrefix = 'Proposed by the language model';

/**
 * After an analysis: new proposals are added, untouched proposals are refreshed (or dropped when
 * their rule no longer applies; a language model's while its SQL still checks), and every term a
 * person added, edited, accepted or rejected stays exactly as it is. A proposal whose name a
 * person's term already uses is not made.
 */
export async function syncProposals(
  db: Db,
  connectionId: string,
  model: DatabaseModel,
): Promise<{ added: number; updated: number; removed: number }> {
  const proposals: (ProposedTerm & { schema: string; tableName: string })[] = [];
  for (const p of proposeTerms(model)) {
    const shape = await checkTermShape(model, p);
    if (shape.ok)
      proposals.push({ ...p, expression: shape.expression, schema: shape.table.schema, tableName: shape.table.name });
  }
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(businessTerms).where(eq(businessTerms.connectionId, connectionId));
    const byName = new Map(existing.map((t) => [t.name.toLowerCase(), t]));
    const proposedNames = new Set(proposals.map((p) => p.name.toLowerCase()));
    const counts = { added: 0, updated: 0, removed: 0 };
    for (const p of proposals) {
      const old = byName.get(p.name.toLowerCase());
      const values = {
        synonyms: p.synonyms,
        kind: p.kind,
        expression: p.expression,
        tableSchema: p.schema,
        tableName: p.tableName,
        description: p.description,
        reason: p.reason,
      };
      if (!old) {
        await tx
          .insert(businessTerms)
          .values({ connectionId, name: p.name, ...values, origin: 'proposed', status: 'proposed' });
        counts.added++;
      } else if (
        !old.edited &&
        old.origin === 'proposed' &&
        (old.expression !== p.expression || old.reason !== p.reason || old.description !== p.description)
      ) {
        await tx
          .update(businessTerms)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(businessTerms.id, old.id));
        counts.updated++;
      }
    }
    for (const old of existing)
      if (!old.edited && old.origin === 'proposed' && !proposedNames.has(old.name.toLowerCase())) {
        const table = old.tableSchema === 'public' ? old.tableName : `${old.tableSchema}.${old.tableName}`;
        if (
          old.reason?.startsWith(modelReasonPrefix) &&
          (await checkTermShape(model, { kind: old.kind, expression: old.expression, table })).ok
        )
          continue;
        await tx.delete(businessTerms).where(eq(businessTerms.id, old.id));
        counts.removed++;
      }
    return counts;
  });
}

/**
 * Replaces the connection's whole set with `terms` (the YAML import): every term is checked first,
 * and nothing changes unless all pass. Terms whose name exists are updated in place (keeping their
 * origin and reason); the others are added; terms missing from the set are deleted.
 */
export async function replaceTerms(
  deps: Deps,
  userId: string,
  connection: Connection,
  terms: TermInput[],
): Promise<Term[]> {
  const seen = new Set<string>();
  for (const t of terms) {
    const key = t.name.trim().toLowerCase();
    if (seen.has(key)) throw new InvalidTerm('the name is used twice in the file', t.name);
    seen.add(key);
  }
  const model = await deps.knowledge.model(connection);
  const checked: (TermInput & { schema: string })[] = [];
  for (const t of terms) checked.push({ ...t, ...(await validateTerm(deps, userId, connection, t, model)) });
  await deps.db.transaction(async (tx) => {
    const existing = await tx.select().from(businessTerms).where(eq(businessTerms.connectionId, connection.id));
    const byName = new Map(existing.map((t) => [t.name.toLowerCase(), t]));
    for (const t of checked) {
      const name = t.name.trim();
      const values = {
        name,
        synonyms: cleanSynonyms(name, t.synonyms),
        kind: t.kind,
        expression: t.expression,
        tableSchema: t.schema,
        tableName: t.table,
        description: t.description.trim(),
        status: t.status,
      };
      const old = byName.get(name.toLowerCase());
      const same =
        old &&
        old.kind === values.kind &&
        old.expression === values.expression &&
        old.tableSchema === values.tableSchema &&
        old.tableName === values.tableName &&
        old.description === values.description &&
        old.status === values.status &&
        old.name === values.name &&
        JSON.stringify(old.synonyms) === JSON.stringify(values.synonyms);
      if (same) continue;
      if (old)
        await tx
          .update(businessTerms)
          .set({ ...values, edited: true, updatedBy: userId, updatedAt: new Date() })
          .where(eq(businessTerms.id, old.id));
      else
        await tx
          .insert(businessTerms)
          .values({ connectionId: connection.id, ...values, origin: 'person', edited: true, updatedBy: userId });
    }
    for (const old of existing)
      if (!seen.has(old.name.toLowerCase())) await tx.delete(businessTerms).where(eq(businessTerms.id, old.id));
  });
  await deps.knowledge.invalidate(connection.id);
  return listTerms(deps, connection.id);
}

/** The accepted terms as the engine reads them (cached per connection in `ctx.knowledge`; every term write invalidates it). */
export async function engineTerms(deps: Pick<AppContext, 'db'>, connectionId: string): Promise<EngineTerm[]> {
  return (await acceptedTerms(deps, connectionId)).map((t) => ({
    name: t.name,
    synonyms: t.synonyms,
    kind: t.kind,
    expression: t.expression,
    table: t.tableSchema === 'public' ? t.tableName : `${t.tableSchema}.${t.tableName}`,
    editor: t.editor,
  }));
}

/** The shipped definitions of a database (the demo's), accepted; names already taken are left alone. */
export async function seedTerms(
  db: Db,
  connectionId: string,
  terms: (Omit<TermInput, 'status'> & { status?: TermStatus })[],
): Promise<void> {
  if (terms.length === 0) return;
  // An analysis that finished first may have proposed the same names: the shipped definitions win over untouched proposals.
  const names = terms.map((t) => t.name.toLowerCase());
  await db
    .delete(businessTerms)
    .where(
      and(
        eq(businessTerms.connectionId, connectionId),
        eq(businessTerms.edited, false),
        inArray(sql`lower(${businessTerms.name})`, names),
      ),
    );
  await db
    .insert(businessTerms)
    .values(
      terms.map((t) => {
        const [schema, table] = t.table.includes('.') ? t.table.split('.', 2) : ['public', t.table];
        return {
          connectionId,
          name: t.name,
          synonyms: t.synonyms,
          kind: t.kind,
          expression: t.expression,
          tableSchema: schema!,
          tableName: table!,
          description: t.description,
          origin: 'person' as const,
          status: t.status ?? 'accepted',
          edited: true,
        };
      }),
    )
    .onConflictDoNothing();
}
