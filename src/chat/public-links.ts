import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { chatSessions, users } from '../db/schema.ts';
import { NotFound } from '../errors.ts';

/** The public links ("share by link") of a connection's chats, as its owners see and revoke them. */
type Deps = Pick<AppContext, 'db'>;

export interface PublicLink {
  sessionId: string;
  title: string;
  creatorId: string;
  creatorUsername: string;
  sharedAt: Date | null;
}

const unshared = { shareToken: null, sharedAt: null };

/** Every chat of the connection that is shared by link, whoever shared it, newest first. */
export async function listPublicLinks(deps: Deps, connectionId: string): Promise<PublicLink[]> {
  return deps.db
    .select({
      sessionId: chatSessions.id,
      title: chatSessions.title,
      creatorId: chatSessions.userId,
      creatorUsername: users.username,
      sharedAt: chatSessions.sharedAt,
    })
    .from(chatSessions)
    .innerJoin(users, eq(users.id, chatSessions.userId))
    .where(and(eq(chatSessions.connectionId, connectionId), isNotNull(chatSessions.shareToken)))
    .orderBy(desc(chatSessions.sharedAt));
}

/** Stops one public link of the connection; its URL answers 404 from now on. */
export async function revokePublicLink(deps: Deps, connectionId: string, sessionId: string): Promise<void> {
  const revoked = await deps.db
    .update(chatSessions)
    .set(unshared)
    .where(
      and(
        eq(chatSessions.id, sessionId),
        eq(chatSessions.connectionId, connectionId),
        isNotNull(chatSessions.shareToken),
      ),
    )
    .returning({ id: chatSessions.id });
  if (revoked.length === 0) throw new NotFound('This chat is not shared by link');
}

/** Stops every public link `userId` made on the connection: they lost (or gave up) their access. */
export async function revokeUserPublicLinks(deps: Deps, connectionId: string, userId: string): Promise<number> {
  const revoked = await deps.db
    .update(chatSessions)
    .set(unshared)
    .where(
      and(
        eq(chatSessions.connectionId, connectionId),
        eq(chatSessions.userId, userId),
        isNotNull(chatSessions.shareToken),
      ),
    )
    .returning({ id: chatSessions.id });
  return revoked.length;
}
