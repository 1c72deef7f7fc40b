import { asc, eq, ilike, or } from 'drizzle-orm';
import { assertIdentityFree, isUniqueViolation, revokeAllForUser } from '../auth/service.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import { users, type User } from '../db/schema.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';

type Deps = Pick<AppContext, 'db'>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** People to share with: active users whose username or email starts with `query`. */
export async function searchUsers(deps: Deps, query: string, limit = 20): Promise<User[]> {
  const prefix = `${escapeLike(query.trim())}%`;
  return deps.db
    .select()
    .from(users)
    .where(or(ilike(users.username, prefix), ilike(users.email, prefix)))
    .orderBy(asc(users.username))
    .limit(limit)
    .then((rows) => rows.filter((u) => u.isActive));
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

/** Needs the current password; every refresh token of the user stops working. */
export async function changePassword(
  deps: Deps,
  user: User,
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
  await revokeAllForUser(deps, user.id);
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
