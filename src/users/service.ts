import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { assertIdentityFree, isUniqueViolation } from '../auth/service.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import { users, type User } from '../db/schema.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';

type Deps = Pick<AppContext, 'db'>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface FoundUser {
  /** Only for someone who can share a connection: the id a share needs. */
  id?: string;
  username: string;
  /** Only when the query was this user's email address: searching never lists addresses. */
  email?: string;
}

/**
 * People to share with: active users whose username starts with `query`, and the user whose email
 * is exactly `query` (case-insensitive). Emails are shown only to someone who already typed one.
 * Someone who cannot share anything (`sharer` false) gets usernames only, and no lookup by email.
 */
export async function searchUsers(deps: Deps, query: string, limit = 20, sharer = true): Promise<FoundUser[]> {
  const text = query.trim();
  // Nobody finds a person by email without something to share with them.
  const emailMatch = sql`${sharer} and lower(${users.email}) = lower(${text})`;
  const rows = await deps.db
    .select({ id: users.id, username: users.username, email: users.email, exact: sql<boolean>`${emailMatch}` })
    .from(users)
    .where(and(eq(users.isActive, true), or(ilike(users.username, `${escapeLike(text.toLowerCase())}%`), emailMatch)))
    .orderBy(desc(sql`${emailMatch}`), asc(users.username))
    .limit(limit);
  if (!sharer) return rows.map((u) => ({ username: u.username }));
  return rows.map((u) =>
    u.exact ? { id: u.id, username: u.username, email: u.email } : { id: u.id, username: u.username },
  );
}

export async function updateProfile(
  deps: Deps,
  userId: string,
  changes: { username?: string; email?: string },
): Promise<User> {
  await assertIdentityFree(deps, changes, userId);
  try {
    const [user] = await deps.db
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    if (!user) throw new NotFound('User not found');
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict('This username or email is already taken');
    throw error;
  }
}

/** Needs the current password; every other login of the user ends, the caller's (`sessionId`) stays. */
export async function changePassword(
  deps: Deps,
  user: User,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new Unprocessable('The current password is not correct', { field: 'current_password' });
  if (input.currentPassword === input.newPassword)
    throw new Unprocessable('The new password must differ from the current one', { field: 'new_password' });
  await deps.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(users.id, user.id));
  await revokeUserSessions(deps, user.id, sessionId);
}

export async function setSuperuser(deps: Deps, username: string, value: boolean): Promise<User> {
  const [user] = await deps.db
    .update(users)
    .set({ isSuperuser: value, updatedAt: new Date() })
    .where(eq(users.username, username.toLowerCase()))
    .returning();
  if (!user) throw new NotFound(`No user named "${username}"`);
  return user;
}
