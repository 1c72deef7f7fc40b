import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { accessTokens, users, type AccessToken, type User } from '../db/schema.ts';
import { NotFound } from '../errors.ts';

/**
 * Personal access tokens: long-lived credentials for scripts and MCP clients. A token is
 * `askdb_pat_` + 32 random bytes (base64url); only its SHA-256 is stored (the token has 256 bits of
 * entropy, so a slow hash adds nothing), with its first characters to tell tokens apart.
 */
const TOKEN_PREFIX = 'askdb_pat_';
const SHOWN_CHARS = TOKEN_PREFIX.length + 6;
/** last_used_at is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

type Deps = Pick<AppContext, 'db'>;

export function isPersonalToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(
  deps: Deps,
  userId: string,
  input: { name: string; expiresInDays?: number },
): Promise<{ token: string; row: AccessToken }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await deps.db
    .insert(accessTokens)
    .values({
      userId,
      name: input.name,
      prefix: token.slice(0, SHOWN_CHARS),
      tokenHash: hashToken(token),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    })
    .returning();
  return { token, row: row! };
}

/** The user's tokens that were not revoked (expired ones too, so they can be seen and removed), newest first. */
export async function listTokens(deps: Deps, userId: string): Promise<AccessToken[]> {
  return deps.db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
    .orderBy(desc(accessTokens.createdAt));
}

/** Revokes one of the user's tokens: the next request that presents it is refused. */
export async function revokeToken(deps: Deps, userId: string, tokenId: string): Promise<void> {
  const revoked = await deps.db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id });
  if (revoked.length === 0) throw new NotFound('Access token not found');
}

/**
 * The active user a token belongs to, with the token's id; undefined when the token is unknown,
 * revoked, expired, or its user is disabled or gone. One indexed lookup, so a revocation takes
 * effect at once in every process.
 */
export async function tokenUser(deps: Deps, token: string): Promise<{ user: User; tokenId: string } | undefined> {
  const [row] = await deps.db
    .select({ token: accessTokens, user: users })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.token.revokedAt || !row.user.isActive) return undefined;
  const now = Date.now();
  if (row.token.expiresAt && row.token.expiresAt.getTime() <= now) return undefined;
  if (!row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now - LAST_USED_RESOLUTION_MS);
    await deps.db
      .update(accessTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(
        and(eq(accessTokens.id, row.token.id), or(isNull(accessTokens.lastUsedAt), lt(accessTokens.lastUsedAt, stale))),
      );
  }
  return { user: row.user, tokenId: row.token.id };
}
