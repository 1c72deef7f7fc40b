import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { PeriodUse } from '../engine/index.ts';
import { chatMessages, chatSessions, connections, type ChatMessage, type ChatSession } from '../db/schema.ts';
import { NotFound } from '../errors.ts';
import { withoutRows, type ChartProposal } from '../agent/chart.ts';

type Deps = Pick<AppContext, 'db'>;

export function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 77).trimEnd()}…`;
}

/** A session of this user on this connection; others' sessions do not exist for them. */
export async function ownSession(
  deps: Deps,
  connectionId: string,
  userId: string,
  sessionId: string,
): Promise<ChatSession> {
  const [session] = await deps.db
    .select()
    .from(chatSessions)
    .where(
      and(eq(chatSessions.id, sessionId), eq(chatSessions.connectionId, connectionId), eq(chatSessions.userId, userId)),
    );
  if (!session) throw new NotFound('Chat session not found');
  return session;
}

export async function listSessions(deps: Deps, connectionId: string, userId: string) {
  return deps.db
    .select({
      session: chatSessions,
      messages: sql<number>`(select count(*)::int from chat_messages m where m.session_id = "chat_sessions"."id")`,
    })
    .from(chatSessions)
    .where(and(eq(chatSessions.connectionId, connectionId), eq(chatSessions.userId, userId)))
    .orderBy(desc(chatSessions.updatedAt));
}

export async function sessionMessages(deps: Deps, sessionId: string): Promise<ChatMessage[]> {
  return deps.db
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(asc(chatMessages.createdAt));
}

/** The session's last exchange: what a follow-up builds on, and the readings offered if it asked back. */
export interface LastTurn {
  question: string;
  sql: string | null;
  kind: string;
  options: StoredOption[];
}

/** A reading offered in a clarification, as stored in the message's provenance. */
interface StoredOption {
  label: string;
  question: string;
  sql: string;
  confidence: number | null;
  periods?: PeriodUse[];
}

export async function lastTurn(deps: Deps, sessionId: string): Promise<LastTurn | undefined> {
  const [last] = await deps.db
    .select({
      question: chatMessages.question,
      sql: chatMessages.sql,
      kind: chatMessages.kind,
      provenance: chatMessages.provenance,
    })
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(desc(chatMessages.createdAt))
    .limit(1);
  if (!last) return undefined;
  const options = ((last.provenance as { options?: StoredOption[] } | null)?.options ?? []).filter(
    (o) => typeof o.sql === 'string',
  );
  return { question: last.question, sql: last.sql, kind: last.kind, options };
}

/** Questions compared as people mean them: case, spacing and end punctuation aside. */
export function sameQuestion(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[?.!]+\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

/** A session that exists, or one to create together with its first message. */
export type SessionRef = { id: string } | { create: { connectionId: string; userId: string; title: string } };

/**
 * Stores a message in one round trip: into its session (moving the session's `updated_at`), or into
 * a new session created by the same statement, so a question that fails leaves no empty session.
 * The chart is stored without a copy of the rows it draws (see `withoutRows`).
 */
export async function saveMessage(
  deps: Deps,
  values: Omit<typeof chatMessages.$inferInsert, 'sessionId'> & { sessionId: string | SessionRef },
): Promise<ChatMessage> {
  const { db } = deps;
  const now = new Date();
  const ref: SessionRef = typeof values.sessionId === 'string' ? { id: values.sessionId } : values.sessionId;
  const sessionId = 'id' in ref ? ref.id : randomUUID();
  const session =
    'id' in ref
      ? db
          .$with('session')
          .as(
            db
              .update(chatSessions)
              .set({ updatedAt: now })
              .where(eq(chatSessions.id, sessionId))
              .returning({ id: chatSessions.id }),
          )
      : db.$with('session').as(
          db
            .insert(chatSessions)
            .values({ id: sessionId, ...ref.create, createdAt: now, updatedAt: now })
            .returning({ id: chatSessions.id }),
        );
  const [message] = await db
    .with(session)
    .insert(chatMessages)
    .values({ ...values, sessionId, chart: withoutRows(values.chart as ChartProposal | null), createdAt: now })
    .returning();
  return message!;
}

export async function deleteSession(deps: Deps, session: ChatSession): Promise<void> {
  await deps.db.delete(chatSessions).where(eq(chatSessions.id, session.id));
}

/** Turns public sharing on (a fresh unguessable token, 192 bits) or off (the old link stops working). */
export async function toggleShare(deps: Deps, session: ChatSession, shared?: boolean): Promise<ChatSession> {
  const on = shared ?? session.shareToken === null;
  const [updated] = await deps.db
    .update(chatSessions)
    .set(
      on
        ? {
            shareToken: session.shareToken ?? randomBytes(24).toString('base64url'),
            sharedAt: session.sharedAt ?? new Date(),
          }
        : { shareToken: null, sharedAt: null },
    )
    .where(eq(chatSessions.id, session.id))
    .returning();
  return updated!;
}

export async function publicSession(
  deps: Deps,
  token: string,
): Promise<{ session: ChatSession; connectionName: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const [row] = await deps.db
    .select({ session: chatSessions, connectionName: connections.name })
    .from(chatSessions)
    .innerJoin(connections, eq(connections.id, chatSessions.connectionId))
    .where(eq(chatSessions.shareToken, token));
  return row;
}

export async function ownMessage(
  deps: Deps,
  connectionId: string,
  userId: string,
  messageId: string,
): Promise<ChatMessage> {
  const [row] = await deps.db
    .select({ message: chatMessages })
    .from(chatMessages)
    .innerJoin(chatSessions, eq(chatSessions.id, chatMessages.sessionId))
    .where(
      and(eq(chatMessages.id, messageId), eq(chatSessions.connectionId, connectionId), eq(chatSessions.userId, userId)),
    );
  if (!row) throw new NotFound('Message not found');
  return row.message;
}

export async function setFeedback(deps: Deps, messageId: string, feedback: 'up' | 'down' | 'corrected'): Promise<void> {
  await deps.db.update(chatMessages).set({ feedback }).where(eq(chatMessages.id, messageId));
}
