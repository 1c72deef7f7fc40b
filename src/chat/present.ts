import { z } from 'zod';
import type { ChatMessage, ChatSession } from '../db/schema.ts';
import type { JsonValue, ResultColumn } from '../targets/types.ts';
import { withRows, type ChartProposal } from '../agent/chart.ts';

export const messageOut = z.object({
  message_id: z.uuid(),
  session_id: z.uuid(),
  question: z.string(),
  kind: z.enum(['query', 'clarify', 'chitchat', 'unanswerable', 'error']),
  answer: z.string(),
  sql: z.string().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })).nullable(),
  rows: z.array(z.array(z.unknown())).nullable(),
  row_count: z.number().nullable(),
  truncated: z.boolean(),
  chart: z
    .object({ kind: z.string(), reason: z.string(), spec: z.record(z.string(), z.unknown()).nullable() })
    .nullable(),
  explanation: z.string().nullable(),
  provenance: z.record(z.string(), z.unknown()).nullable(),
  /** For `clarify`: the readings of the question, each asked by sending its `question` in the same session. */
  options: z.array(z.object({ label: z.string(), question: z.string() })).nullable(),
  engine: z.string(),
  confidence: z.number().nullable(),
  execution_time_ms: z.number().nullable(),
  timings: z.record(z.string(), z.number()).nullable(),
  llm_usage: z.object({ calls: z.number(), prompt_tokens: z.number(), completion_tokens: z.number() }).nullable(),
  feedback: z.string().nullable(),
  created_at: z.string(),
});

export type MessageOut = z.infer<typeof messageOut>;

type Option = { label: string; question: string };

/** The readings a clarification offers, kept in its provenance. */
function optionsOf(provenance: unknown): Option[] | null {
  const options = (provenance as { options?: unknown } | null)?.options;
  if (!Array.isArray(options)) return null;
  const valid = options.filter((o): o is Option => typeof o?.label === 'string' && typeof o?.question === 'string');
  return valid.length > 0 ? valid.map(({ label, question }) => ({ label, question })) : null;
}

export function presentMessage(m: ChatMessage): MessageOut {
  return {
    message_id: m.id,
    session_id: m.sessionId,
    question: m.question,
    kind: m.kind as MessageOut['kind'],
    answer: m.answer,
    sql: m.sql,
    columns: (m.columns as MessageOut['columns']) ?? null,
    rows: (m.rows as unknown[][] | null) ?? null,
    row_count: m.rowCount,
    truncated: m.truncated,
    chart: withRows(
      (m.chart as ChartProposal | null) ?? null,
      m.columns as ResultColumn[] | null,
      m.rows as JsonValue[][] | null,
    ),
    explanation: m.explanation,
    provenance: (m.provenance as Record<string, unknown> | null) ?? null,
    options: optionsOf(m.provenance),
    engine: m.engine,
    confidence: m.confidence,
    execution_time_ms: m.executionMs,
    timings: (m.timings as Record<string, number> | null) ?? null,
    llm_usage: (m.llmUsage as MessageOut['llm_usage']) ?? null,
    feedback: m.feedback,
    created_at: m.createdAt.toISOString(),
  };
}

export const sessionOut = z.object({
  id: z.uuid(),
  connection_id: z.uuid(),
  title: z.string(),
  shared: z.boolean(),
  share_token: z.string().nullable(),
  message_count: z.number().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentSession(s: ChatSession, messageCount?: number): z.infer<typeof sessionOut> {
  return {
    id: s.id,
    connection_id: s.connectionId,
    title: s.title,
    shared: s.shareToken !== null,
    share_token: s.shareToken,
    ...(messageCount === undefined ? {} : { message_count: messageCount }),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
