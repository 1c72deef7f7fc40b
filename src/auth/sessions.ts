import { and, eq, isNull, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { authSessions, refreshTokens, users, type User } from '../db/schema.ts';

/**
 * Logins. Each login is one auth_sessions row; its id is the `sid` claim of every access token and
 * the family id of every refresh token issued for that login, so revoking the row ends both at once.
 */
type Deps = Pick<AppContext, 'db'>;

export async function openSession(deps: Deps, userId: string): Promise<string> {
  const [session] = await deps.db.insert(authSessions).values({ userId }).returning({ id: authSessions.id });
  return session!.id;
}

/**
 * The active user behind a live session, or undefined when the session was revoked, belongs to
 * someone else, or the user is disabled or gone. One indexed lookup per request: the users row is
 * read anyway, so a revocation takes effect at once, in every process.
 */
export async function liveSessionUser(deps: Deps, sessionId: string, userId: string): Promise<User | undefined> {
  const [row] = await deps.db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
    .limit(1);
  return row?.user.isActive ? row.user : undefined;
}

/** Whether the login is still live; adopts a refresh family issued before sessions existed. */
export async function sessionIsLive(deps: Deps, sessionId: string, userId: string): Promise<boolean> {
  const [row] = await deps.db.select().from(authSessions).where(eq(authSessions.id, sessionId));
  if (!row) {
    await deps.db.insert(authSessions).values({ id: sessionId, userId }).onConflictDoNothing();
    return true;
  }
  return row.userId === userId && row.revokedAt === null;
}

/** Ends one login: its access tokens stop working and its refresh tokens are revoked. */
export async function revokeSession(deps: Deps, sessionId: string): Promise<void> {
  const now = new Date();
  await deps.db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, sessionId), isNull(refreshTokens.revokedAt)));
}

/** Ends every login of the user, or every one but `keep` (the caller's, after a password change). */
export async function revokeUserSessions(deps: Deps, userId: string, keep?: string): Promise<void> {
  const now = new Date();
  await deps.db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        keep ? ne(authSessions.id, keep) : undefined,
      ),
    );
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.userId, userId),
        isNull(refreshTokens.revokedAt),
        keep ? ne(refreshTokens.familyId, keep) : undefined,
      ),
    );
}
