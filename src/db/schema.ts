import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    isSuperuser: boolean('is_superuser').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_key').on(t.username), uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/** Rotating refresh tokens: only a SHA-256 of each token is stored; a family is one login's chain. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

/** One login: access tokens carry its id and stop working the moment it is revoked (logout, password change). */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/**
 * Personal access tokens for scripts and MCP clients (`askdb_pat_…`): only a SHA-256 of each token
 * is stored, with its first characters to tell tokens apart. A token acts as its user.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The token's first characters (`askdb_pat_AbCd`), shown in lists; never enough to use it. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('access_tokens_hash_key').on(t.tokenHash), index('access_tokens_user_idx').on(t.userId)],
);

export type AccessToken = typeof accessTokens.$inferSelect;

export type User = typeof users.$inferSelect;

export const sslModeEnum = pgEnum('ssl_mode', ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
export const connectionStatusEnum = pgEnum('connection_status', [
  'pending',
  'analyzing',
  'indexing',
  'ready',
  'error',
  'updating',
]);
export const sharePermissionEnum = pgEnum('share_permission', ['chat', 'view', 'owner']);

export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    host: text('host').notNull(),
    port: integer('port').notNull().default(5432),
    database: text('database').notNull(),
    username: text('username').notNull(),
    encryptedPassword: text('encrypted_password').notNull(),
    sslMode: sslModeEnum('ssl_mode').notNull().default('prefer'),
    status: connectionStatusEnum('status').notNull().default('pending'),
    statusMessage: text('status_message'),
    analysisProgress: integer('analysis_progress').notNull().default(0),
    analysisRequestedAt: timestamp('analysis_requested_at', { withTimezone: true }),
    lastAnalyzedAt: timestamp('last_analyzed_at', { withTimezone: true }),
    serverVersion: text('server_version'),
    /** Functions outside the built-in allowlist that the owner lets queries call (schema-qualified or bare names). */
    allowedFunctions: text('allowed_functions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('connections_owner_idx').on(t.ownerId),
    check('connections_progress_range', sql`${t.analysisProgress} between 0 and 100`),
    check('connections_port_range', sql`${t.port} between 1 and 65535`),
  ],
);

/** The connection a row belongs to; deleting the connection deletes the row. */
const connectionRef = () =>
  uuid('connection_id')
    .notNull()
    .references(() => connections.id, { onDelete: 'cascade' });

export const connectionShares = pgTable(
  'connection_shares',
  {
    connectionId: connectionRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    permission: sharePermissionEnum('permission').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.userId] }), index('connection_shares_user_idx').on(t.userId)],
);

export type Connection = typeof connections.$inferSelect;
export type SharePermission = (typeof sharePermissionEnum.enumValues)[number];

/** One row per analysed table or view: what analysis learned, plus what people edited. */
export const tableInsights = pgTable(
  'table_insights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: connectionRef(),
    schemaName: text('schema_name').notNull(),
    tableName: text('table_name').notNull(),
    kind: text('kind').notNull(),
    /** The TableInfo from analysis (columns with profiles and strategies, keys, joins). */
    info: jsonb('info').notNull(),
    summary: text('summary').notNull(),
    document: text('document').notNull(),
    /** Set when a person edited summary, document or column notes; analysis then keeps their text. */
    edited: boolean('edited').notNull().default(false),
    columnNotes: jsonb('column_notes').$type<Record<string, string>>().notNull().default({}),
    /** Columns added or dropped since the previous analysis. */
    drift: jsonb('drift').$type<{ added: string[]; removed: string[]; at: string } | null>(),
    /** Names split into words + summary + document + notes: what full-text search reads. */
    searchText: text('search_text').notNull(),
    /** Embedding of the summary and names, when EMBEDDING_PROVIDER is set (ranked in process). */
    embedding: real('embedding').array(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('table_insights_table_key').on(t.connectionId, t.schemaName, t.tableName),
    index('table_insights_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/** The value index: every categorical value and a sample of vector columns, for value linking. */
export const columnValues = pgTable(
  'column_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: connectionRef(),
    schemaName: text('schema_name').notNull(),
    tableName: text('table_name').notNull(),
    columnName: text('column_name').notNull(),
    value: text('value').notNull(),
    frequency: doublePrecision('frequency'),
    source: text('source').notNull(),
  },
  (t) => [
    // Exact, case-insensitive value look-ups of one connection (and every look-up by connection).
    index('column_values_connection_value_idx').on(t.connectionId, sql`lower(${t.value})`),
    index('column_values_trgm_idx').using('gin', sql`lower(${t.value}) gin_trgm_ops`),
  ],
);

export const analysisRuns = pgTable(
  'analysis_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: connectionRef(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    outcome: text('outcome').notNull().default('running'),
    error: text('error'),
    stats: jsonb('stats'),
  },
  (t) => [index('analysis_runs_connection_idx').on(t.connectionId, t.startedAt)],
);

export type TableInsight = typeof tableInsights.$inferSelect;

/** Who wrote the SQL (llm, builtin, user), or mcp: asked or run through the MCP server. */
export const queryOrigin = pgEnum('query_source', ['llm', 'builtin', 'user', 'mcp']);

/** Every query AskDB ran or refused on a user's database. */
export const sqlHistory = pgTable(
  'sql_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: connectionRef(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    source: queryOrigin('source').notNull(),
    sql: text('sql').notNull(),
    ok: boolean('ok').notNull(),
    /** Why the guard refused it or how it failed. */
    error: text('error'),
    reason: text('reason'),
    rowCount: integer('row_count'),
    executionMs: doublePrecision('execution_ms'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sql_history_connection_idx').on(t.connectionId, t.createdAt),
    index('sql_history_created_idx').on(t.createdAt),
  ],
);

export const chatSessions = pgTable(
  'chat_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: connectionRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Set while the session is shared publicly; 128+ random bits, base64url. */
    shareToken: text('share_token'),
    sharedAt: timestamp('shared_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('chat_sessions_owner_idx').on(t.connectionId, t.userId, t.updatedAt),
    uniqueIndex('chat_sessions_share_key').on(t.shareToken),
  ],
);

/** One question and its answer. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    /** query (SQL ran), chitchat (answered without SQL), unanswerable (nothing matched), error. */
    kind: text('kind').notNull(),
    answer: text('answer').notNull(),
    sql: text('sql'),
    columns: jsonb('columns'),
    /** At most 100 rows are stored; the CSV export re-runs the SQL. */
    rows: jsonb('rows'),
    rowCount: integer('row_count'),
    truncated: boolean('truncated').notNull().default(false),
    chart: jsonb('chart'),
    explanation: text('explanation'),
    provenance: jsonb('provenance'),
    engine: text('engine').notNull(),
    confidence: doublePrecision('confidence'),
    executionMs: doublePrecision('execution_ms'),
    timings: jsonb('timings'),
    llmUsage: jsonb('llm_usage'),
    feedback: text('feedback'),
    createdAt: createdAt(),
  },
  (t) => [index('chat_messages_session_idx').on(t.sessionId, t.createdAt)],
);

/** Question → SQL pairs people confirmed or corrected; retrieved by similarity for later questions. */
export const savedExamples = pgTable(
  'saved_examples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: connectionRef(),
    question: text('question').notNull(),
    sql: text('sql').notNull(),
    source: text('source').notNull(),
    messageId: uuid('message_id').references(() => chatMessages.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('saved_examples_connection_idx').on(t.connectionId),
    index('saved_examples_question_trgm_idx').using('gin', sql`lower(${t.question}) gin_trgm_ops`),
  ],
);

export type ChatSession = typeof chatSessions.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;

export const termKinds = ['measure', 'dimension', 'filter', 'entity'] as const;
export const termStatuses = ['proposed', 'accepted', 'rejected'] as const;

/**
 * A business term of a connection ("revenue", "failed payments"): a named SQL expression over one of
 * its tables. Analysis proposes terms (origin `proposed`, with the reason); people accept, edit, reject
 * or add them (origin `person`). Re-analysis never touches a term a person edited or decided on.
 */
export const businessTerms = pgTable(
  'business_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: connectionRef(),
    name: text('name').notNull(),
    synonyms: jsonb('synonyms').$type<string[]>().notNull().default([]),
    /** measure (an aggregate), dimension (a grouping expression), filter (a condition), entity (another name for a table). */
    kind: text('kind', { enum: termKinds }).notNull(),
    /** SQL over the table's columns, written `table.column`; for an entity, the table's name. */
    expression: text('expression').notNull(),
    tableSchema: text('table_schema').notNull(),
    tableName: text('table_name').notNull(),
    description: text('description').notNull().default(''),
    /** Why analysis proposed it (kept after a person's edit, for the record). */
    reason: text('reason'),
    origin: text('origin', { enum: ['proposed', 'person'] }).notNull(),
    status: text('status', { enum: termStatuses }).notNull(),
    /** Set once a person changed or decided on the term: analysis leaves it alone from then on. */
    edited: boolean('edited').notNull().default(false),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('business_terms_name_key').on(t.connectionId, sql`lower(${t.name})`),
    index('business_terms_connection_idx').on(t.connectionId, t.status),
    check('business_terms_kind', sql`${t.kind} in ('measure', 'dimension', 'filter', 'entity')`),
    check('business_terms_status', sql`${t.status} in ('proposed', 'accepted', 'rejected')`),
    check('business_terms_origin', sql`${t.origin} in ('proposed', 'person')`),
  ],
);

export type BusinessTermRow = typeof businessTerms.$inferSelect;
