import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { User } from '../db/schema.ts';
import { Unauthorized } from '../errors.ts';
import { liveSessionUser } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    /** The caller's login (auth_sessions.id), from the access token's `sid`. */
    sessionId?: string;
  }
}

/** OpenAPI security requirement for routes behind `authenticate`. */
export const bearerSecurity: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { oauth2: [] }];

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new Unauthorized('Authentication required: send "Authorization: Bearer <access token>"');
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthorized('Authorization header must be "Bearer <access token>"');
  return token;
}

/**
 * preHandler that resolves the caller from the bearer token. Tokens of a signed-out login, and of
 * inactive or deleted users, are refused.
 */
export function authenticate(ctx: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const claims = await ctx.tokens.verify(bearerToken(request));
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

/** The caller's login id; only valid in handlers behind `authenticate`. */
export function currentSession(request: FastifyRequest): string {
  if (!request.sessionId) throw new Unauthorized();
  return request.sessionId;
}
