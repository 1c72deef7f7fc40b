import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { User } from '../db/schema.ts';
import { Forbidden, Unauthorized } from '../errors.ts';
import { isPersonalToken, tokenUser } from './personal-tokens.ts';
import { liveSessionUser } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    /** The caller's login (auth_sessions.id), from the access token's `sid`. */
    sessionId?: string;
    /** The personal access token the caller presented instead of a login's access token. */
    personalTokenId?: string;
  }
}

/** OpenAPI security requirement for routes behind `authenticate`. */
export const bearerSecurity: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { oauth2: [] }];

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new Unauthorized('Authentication required: send "Authorization: Bearer <access token>"');
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token)
    throw new Unauthorized('Authorization header must be "Bearer <access token>"');
  return token;
}

/** The user behind a personal access token; it acts as that user, with their permissions. */
export async function personalTokenCaller(
  ctx: Pick<AppContext, 'db'>,
  token: string,
): Promise<{ user: User; tokenId: string }> {
  const found = await tokenUser(ctx, token);
  if (!found)
    throw new Unauthorized('This access token is not valid: it was revoked, has expired, or its account is disabled');
  return found;
}

/**
 * preHandler that resolves the caller from the bearer token: a login's access token or a personal
 * access token (`askdb_pat_…`). Tokens of a signed-out login, revoked or expired personal tokens, and
 * tokens of inactive or deleted users are refused.
 */
export function authenticate(ctx: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (isPersonalToken(token)) {
      const { user, tokenId } = await personalTokenCaller(ctx, token);
      request.user = user;
      request.personalTokenId = tokenId;
      return;
    }
    const claims = await ctx.tokens.verify(token);
    const user = await liveSessionUser(ctx, claims.sessionId, claims.userId);
    if (!user) throw new Unauthorized('This login has ended, or the account no longer exists or is disabled');
    request.user = user;
    request.sessionId = claims.sessionId;
  };
}

/** The authenticated caller; only valid in handlers behind `authenticate`. */
export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new Unauthorized();
  return request.user;
}

/**
 * The caller's login id; only valid in handlers behind `authenticate`. What needs a login (creating
 * tokens, changing the password, logging out) is refused to a personal access token.
 */
export function currentSession(request: FastifyRequest): string {
  if (request.personalTokenId)
    throw new Forbidden(
      'A personal access token cannot do this: sign in with your password to manage tokens, your password or your logins',
    );
  if (!request.sessionId) throw new Unauthorized();
  return request.sessionId;
}
