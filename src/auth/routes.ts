import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { emailField, passwordField, presentUser, userOut, usernameField } from '../users/present.ts';
import { authenticate, bearerSecurity, currentSession, currentUser } from './guard.ts';
import { accessTokenOut, presentAccessToken } from './present.ts';
import * as personalTokens from './personal-tokens.ts';
import * as auth from './service.ts';

const tokenPair = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
});

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rateLimit = { max: ctx.config.AUTH_RATE_LIMIT, timeWindow: ctx.config.AUTH_RATE_WINDOW_SECONDS * 1000 };
  return async (app) => {
    app.post(
      '/register',
      {
        config: { rateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Create an account',
          body: z.object({ username: usernameField, email: emailField, password: passwordField }),
          response: { 201: userOut },
        },
      },
      async (request, reply) => reply.status(201).send(presentUser(await auth.register(ctx, request.body))),
    );

    app.post(
      '/login',
      {
        config: { rateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Log in with username or email (JSON, or the OAuth2 password form)',
          consumes: ['application/json', 'application/x-www-form-urlencoded'],
          body: z.object({
            username: z.string().min(1, 'Enter your username or email').max(254),
            password: z.string().min(1, 'Enter your password').max(256),
          }),
          response: { 200: tokenPair },
        },
      },
      async (request) => auth.login(ctx, { login: request.body.username, password: request.body.password }),
    );

    app.post(
      '/refresh',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
          body: z.object({ refresh_token: z.string().min(1).max(512) }),
          response: { 200: tokenPair },
        },
      },
      async (request) => auth.refresh(ctx, request.body.refresh_token),
    );

    app.post(
      '/logout',
      {
        preHandler: authenticate(ctx),
        schema: {
          tags: ['auth'],
          summary:
            'End this login (or every login when no refresh token is given); its access tokens stop working at once',
          security: bearerSecurity,
          body: z.object({ refresh_token: z.string().min(1).max(512).optional() }).nullish(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await auth.logout(ctx, currentUser(request).id, currentSession(request), request.body?.refresh_token);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        preHandler: authenticate(ctx),
        schema: { tags: ['auth'], summary: 'The current user', security: bearerSecurity, response: { 200: userOut } },
      },
      async (request) => presentUser(currentUser(request)),
    );

    app.post(
      '/tokens',
      {
        preHandler: authenticate(ctx),
        config: { rateLimit },
        schema: {
          tags: ['auth'],
          summary:
            'Create a personal access token for scripts and MCP clients (shown once; needs a login, not a token)',
          security: bearerSecurity,
          body: z.object({
            name: z.string().trim().min(1, 'Name the token (what will use it?)').max(100),
            expires_in_days: z.number().int().min(1).max(3650).optional(),
          }),
          response: { 201: accessTokenOut.extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        currentSession(request);
        const { token, row } = await personalTokens.createToken(ctx, currentUser(request).id, {
          name: request.body.name,
          expiresInDays: request.body.expires_in_days,
        });
        return reply.status(201).send({ ...presentAccessToken(row), token });
      },
    );

    app.get(
      '/tokens',
      {
        preHandler: authenticate(ctx),
        schema: {
          tags: ['auth'],
          summary: 'Your personal access tokens (never the tokens themselves)',
          security: bearerSecurity,
          response: { 200: z.array(accessTokenOut) },
        },
      },
      async (request) => (await personalTokens.listTokens(ctx, currentUser(request).id)).map(presentAccessToken),
    );

    app.delete(
      '/tokens/:id',
      {
        preHandler: authenticate(ctx),
        schema: {
          tags: ['auth'],
          summary: 'Revoke a personal access token; it stops working at once',
          security: bearerSecurity,
          params: z.object({ id: z.uuid('Token id must be a UUID') }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await personalTokens.revokeToken(ctx, currentUser(request).id, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
