import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentSession, currentUser } from '../auth/guard.ts';
import { canShareAny } from '../connections/access.ts';
import type { AppContext } from '../context.ts';
import { Invalid } from '../errors.ts';
import { emailField, passwordField, presentUser, publicUserOut, userOut, usernameField } from './present.ts';
import * as users from './service.ts';

export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', authenticate(ctx));

    app.get(
      '/search',
      {
        schema: {
          tags: ['users'],
          summary:
            'Find people to share with: usernames by prefix, or one person by their exact email (only then is the email shown). Someone who owns no connection gets usernames only',
          security: bearerSecurity,
          querystring: z.object({
            q: z.string().trim().min(2, 'Type at least 2 characters').max(254),
            limit: z.coerce.number().int().min(1).max(20).default(20),
          }),
          response: { 200: z.array(publicUserOut) },
        },
      },
      async (request) => {
        const sharer = await canShareAny(ctx, currentUser(request).id);
        return users.searchUsers(ctx, request.query.q, request.query.limit, sharer);
      },
    );

    app.put(
      '/me',
      {
        schema: {
          tags: ['users'],
          summary: 'Change your username or email',
          security: bearerSecurity,
          body: z.object({ username: usernameField.optional(), email: emailField.optional() }),
          response: { 200: userOut },
        },
      },
      async (request) => {
        if (request.body.username === undefined && request.body.email === undefined)
          throw new Invalid('Nothing to change: send username and/or email');
        return presentUser(await users.updateProfile(ctx, currentUser(request).id, request.body));
      },
    );

    app.post(
      '/me/change-password',
      {
        schema: {
          tags: ['users'],
          summary: 'Change your password (signs out every other login)',
          security: bearerSecurity,
          body: z.object({ current_password: z.string().min(1).max(256), new_password: passwordField }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await users.changePassword(ctx, currentUser(request), currentSession(request), {
          currentPassword: request.body.current_password,
          newPassword: request.body.new_password,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
