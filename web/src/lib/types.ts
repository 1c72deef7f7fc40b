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
  kind: 'query' | 'chitchat' | 'unanswerable' | 'error';
  answer: string;
  sql: string | null;
  columns: Column[] | null;
  rows: unknown[][] | null;
  row_count: number | null;
  truncated: boolean;
  chart: Chart | null;
  explanation: string | null;
  provenance: Record<string, unknown> | null;
  engine: string;
  confidence: number | null;
  execution_time_ms: number | null;
  feedback?: string | null;
}

export interface Session {
  id: string;
  title: string;
  shared: boolean;
  share_token: string | null;
  message_count?: number;
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
  columns: {
    name: string;
    data_type: string;
    strategy: 'categorical' | 'vector' | 'skip';
    strategy_reason: string;
    values: { value: string; frequency: number | null }[];
    note: string | null;
  }[];
}

export const busyStatuses = new Set(['pending', 'analyzing', 'indexing', 'updating']);
