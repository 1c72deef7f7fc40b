export type Permission = 'chat' | 'view' | 'owner';

export interface User {
  id: string;
  username: string;
  email: string;
  is_superuser: boolean;
}

export interface Connection {
  id: string;
  name: string;
  description: string | null;
  host: string;
  port: number;
  database: string;
  username: string;
  ssl_mode: string;
  status: 'pending' | 'analyzing' | 'indexing' | 'ready' | 'error' | 'updating';
  status_message: string | null;
  analysis_progress: number;
  last_analyzed_at: string | null;
  server_version: string | null;
  owner: { id: string; username: string };
  permission: Permission;
}

export interface Column {
  name: string;
  type: string;
}

export interface Chart {
  kind: string;
  reason: string;
  spec: Record<string, unknown> | null;
}

export interface Message {
  message_id: string;
  session_id: string;
  question: string;
  kind: 'query' | 'clarify' | 'chitchat' | 'unanswerable' | 'error';
  answer: string;
  sql: string | null;
  columns: Column[] | null;
  rows: unknown[][] | null;
  row_count: number | null;
  truncated: boolean;
  chart: Chart | null;
  explanation: string | null;
  provenance: Record<string, unknown> | null;
  /** For a clarification: the readings of the question, each one a question to ask. */
  options?: { label: string; question: string }[] | null;
  engine: string;
  confidence: number | null;
  execution_time_ms: number | null;
  feedback?: string | null;
  created_at?: string;
}

/** What to offer after a message (GET /chat/{cid}/messages/{mid}/next). */
export interface NextSteps {
  questions: string[];
  unplaced: string[];
  closest: string[];
}

/** A result of SQL edited in the workbench (POST /chat/{cid}/messages/{mid}/run). */
export interface Draft {
  sql: string;
  columns: Column[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  execution_ms: number;
  chart: Chart;
  explanation: string;
  tables: string[];
}

export interface Session {
  id: string;
  title: string;
  shared: boolean;
  share_token: string | null;
  message_count?: number;
  created_at: string;
  updated_at: string;
}

export interface Insight {
  id: string;
  schema: string;
  table: string;
  kind: string;
  summary: string;
  document: string;
  edited: boolean;
  row_count: number;
  row_count_accuracy: string;
  primary_key: string[];
  foreign_keys: {
    columns: string[];
    references: string;
    referenced_columns: string[];
    origin: 'declared' | 'inferred';
    evidence: string | null;
  }[];
  columns: {
    name: string;
    data_type: string;
    comment: string | null;
    strategy: 'categorical' | 'vector' | 'skip';
    strategy_reason: string;
    values: { value: string; frequency: number | null }[];
    note: string | null;
  }[];
}

/** A business term of a connection (GET /intelligence/{id}/terms). */
export interface BusinessTerm {
  id: string;
  name: string;
  synonyms: string[];
  kind: 'measure' | 'dimension' | 'filter' | 'entity';
  expression: string;
  table: string;
  description: string;
  reason: string | null;
  origin: 'proposed' | 'person';
  status: 'proposed' | 'accepted' | 'rejected';
  edited: boolean;
  updated_by: string | null;
}

/** A term an answer used, as its provenance records it. */
export interface TermUse {
  name: string;
  kind: string;
  expression: string;
  table: string;
  editor: string | null;
}

export const busyStatuses = new Set(['pending', 'analyzing', 'indexing', 'updating']);

/** GET /system/health, the parts the UI shows. */
export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  llm: { provider: string; ok: boolean; url?: string | null; latency_ms?: number | null; error?: string };
}
