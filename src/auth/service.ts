import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { refreshTokens, users, type User } from '../db/schema.ts';
import { Conflict, Unauthorized } from '../errors.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { openSession, revokeSession, revokeUserSessions, sessionIsLive } from './sessions.ts';
import { hashRefreshToken, newRefreshToken } from './tokens.ts';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
}

type Deps = Pick<AppContext, 'db' | 'tokens' | 'config'>;

const BAD_CREDENTIALS = 'Incorrect username or password';

export function isUniqueViolation(error: unknown): error is { constraint?: string } {
  const err = error as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

function violatedConstraint(error: unknown): string {
  const err = error as { constraint?: string; cause?: { constraint?: string } };
  return err.constraint ?? err.cause?.constraint ?? '';
}

/** Throws Conflict naming what is taken, when a username or email already belongs to someone else. */
export async function assertIdentityFree(
  deps: Pick<Deps, 'db'>,
  identity: { username?: string; email?: string },
  exceptUserId?: string,
): Promise<void> {
  const clauses = [];
  if (identity.username) clauses.push(eq(users.username, identity.username));
  if (identity.email) clauses.push(sql`lower(${users.email}) = lower(${identity.email})`);
  if (clauses.length === 0) return;
  const taken = await deps.db
    .select({ id: users.id, username: users.username, email: users.email })
    .from(users)
    .where(or(...clauses));
  for (const row of taken) {
    if (row.id === exceptUserId) continue;
    if (identity.username && row.username === identity.username)
      throw new Conflict('This username is already taken', { field: 'username' });
    throw new Conflict('An account with this email already exists', { field: 'email' });
  }
}

export async function register(
  deps: Deps,
  input: { username: string; email: string; password: string },
): Promise<User> {
  await assertIdentityFree(deps, input);
  try {
    const [user] = await deps.db
      .insert(users)
      .values({ username: input.username, email: input.email, passwordHash: await hashPassword(input.password) })
      .returning();
    return user!;
  } catch (error) {
    // Two registrations racing for the same name: the unique index decides.
    if (isUniqueViolation(error)) {
      const field = violatedConstraint(error).includes('email') ? 'email' : 'username';
      throw new Conflict(
        field === 'email' ? 'An account with this email already exists' : 'This username is already taken',
        { field },
      );
    }
    throw error;
  }
}

/** A token pair for one login: the refresh family is the session id, the access token names it as `sid`. */
async function issueTokens(deps: Deps, userId: string, sessionId: string): Promise<TokenPair> {
  const refresh = newRefreshToken();
  await deps.db.insert(refreshTokens).values({
    userId,
    familyId: sessionId,
    tokenHash: hashRefreshToken(refresh),
    expiresAt: new Date(Date.now() + deps.config.REFRESH_EXPIRE_DAYS * 86_400_000),
  });
  return {
    access_token: await deps.tokens.sign(userId, sessionId),
    refresh_token: refresh,
    token_type: 'bearer',
    expires_in: deps.tokens.expiresInSeconds,
  };
}

/** `login` may be the username or the email; unknown users and wrong passwords get the same answer. */
export async function login(deps: Deps, input: { login: string; password: string }): Promise<TokenPair> {
  const name = input.login.trim();
  const [user] = await deps.db
    .select()
    .from(users)
    .where(or(eq(users.username, name.toLowerCase()), sql`lower(${users.email}) = lower(${name})`))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !ok) throw new Unauthorized(BAD_CREDENTIALS);
  if (!user.isActive) throw new Unauthorized('This account is disabled');
  return issueTokens(deps, user.id, await openSession(deps, user.id));
}

/**
 * Rotates a refresh token. A token presented twice means it leaked: the whole family
 * (every token descended from that login) is revoked and the caller must log in again.
 */
export async function refresh(deps: Deps, token: string): Promise<TokenPair> {
  const [row] = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
    .limit(1);
  if (!row) throw new Unauthorized('Invalid refresh token');
  if (row.usedAt || row.revokedAt) {
    await revokeSession(deps, row.familyId);
    throw new Unauthorized('Refresh token was already used; all sessions from this login were signed out');
  }
  if (row.expiresAt.getTime() <= Date.now()) throw new Unauthorized('Refresh token expired');
  if (!(await sessionIsLive(deps, row.familyId, row.userId))) throw new Unauthorized('This login was signed out');
  const claimed = await deps.db
    .update(refreshTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (claimed.length === 0) {
    await revokeSession(deps, row.familyId);
    throw new Unauthorized('Refresh token was already used; all sessions from this login were signed out');
  }
  const [user] = await deps.db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  if (!user?.isActive) throw new Unauthorized('This account is disabled');
  return issueTokens(deps, user.id, row.familyId);
}

/**
 * Ends a login: the caller's own (`sessionId`, from the access token) and the one the refresh token
 * belongs to; with no refresh token, every login of the user.
 */
export async function logout(deps: Deps, userId: string, sessionId: string, token?: string): Promise<void> {
  if (!token) return revokeUserSessions(deps, userId);
  await revokeSession(deps, sessionId);
  const [row] = await deps.db
    .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
    .limit(1);
  if (row && row.userId === userId && row.familyId !== sessionId) await revokeSession(deps, row.familyId);
}
