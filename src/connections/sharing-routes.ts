import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import { listPublicLinks, revokePublicLink } from '../chat/public-links.ts';
import type { AppContext } from '../context.ts';
import { authorize } from './access.ts';
import { leaveConnection, removeMember } from '../chat/membership.ts';
import { permissionEnum, presentShare, shareOut } from './present.ts';
import { connectionParams } from './routes.ts';
import * as service from './service.ts';

const publicLinkOut = z.object({
  session_id: z.uuid(),
  title: z.string(),
  created_by: z.object({ id: z.uuid(), username: z.string() }),
  shared_at: z.string().nullable(),
});

/** Who may use a connection: shares (owner), leaving (sharees), and the public links of its chats (owner). */
export function sharingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['connections'];
  const security = bearerSecurity;
  return async (app) => {
    app.addHook('preHandler', authenticate(ctx));

    app.get(
      '/:id/shares',
      {
        schema: {
          tags,
          security,
          summary: 'Who else may use this connection (owner)',
          params: connectionParams,
          response: { 200: z.array(shareOut) },
        },
      },
      async (request) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'manage-shares');
        return (await service.listShares(ctx, connection.id)).map(presentShare);
      },
    );

    app.post(
      '/:id/shares',
      {
        schema: {
          tags,
          security,
          summary: 'Share with a user as chat, view or owner (owner); sharing again changes the permission',
          params: connectionParams,
          body: z
            .object({
              user_id: z.uuid().optional(),
              username: z.string().trim().min(1).max(32).optional(),
              permission: permissionEnum,
            })
            .refine((b) => b.user_id !== undefined || b.username !== undefined, {
              message: 'Give user_id or username',
            }),
          response: { 200: shareOut, 201: shareOut },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.id, 'manage-shares');
        const { share, created } = await service.shareConnection(
          ctx,
          connection,
          user.id,
          { userId: request.body.user_id, username: request.body.username },
          request.body.permission,
        );
        return reply.status(created ? 201 : 200).send(presentShare(share));
      },
    );

    app.delete(
      '/:id/shares/me',
      {
        schema: {
          tags,
          security,
          summary:
            'Leave a connection shared with you (your public links to its chats stop working); its owner cannot leave it',
          params: connectionParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.id, 'read');
        await leaveConnection(ctx, connection, user.id);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/:id/shares/:user_id',
      {
        schema: {
          tags,
          security,
          summary: "Stop sharing with a user (owner): their public links to this connection's chats stop working too",
          params: connectionParams.extend({ user_id: z.uuid('User id must be a UUID') }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'manage-shares');
        await removeMember(ctx, connection, request.params.user_id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/:id/public-links',
      {
        schema: {
          tags,
          security,
          summary: 'Every chat of this connection shared by public link, whoever shared it (owner)',
          params: connectionParams,
          response: { 200: z.array(publicLinkOut) },
        },
      },
      async (request) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'manage-shares');
        return (await listPublicLinks(ctx, connection.id)).map((link) => ({
          session_id: link.sessionId,
          title: link.title,
          created_by: { id: link.creatorId, username: link.creatorUsername },
          shared_at: link.sharedAt?.toISOString() ?? null,
        }));
      },
    );

    app.delete(
      '/:id/public-links/:session_id',
      {
        schema: {
          tags,
          security,
          summary: "Revoke the public link of one of this connection's chats, whoever shared it (owner)",
          params: connectionParams.extend({ session_id: z.uuid('Session id must be a UUID') }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'manage-shares');
        await revokePublicLink(ctx, connection.id, request.params.session_id);
        return reply.status(204).send(null);
      },
    );
  };
}
