import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import { authorize, permissionOf } from '../connections/access.ts';
import type { AppContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { clientGone } from '../http/client-gone.ts';
import { mapError } from '../http/errors.ts';
import { executeSqlQuery } from '../query/service.ts';
import * as examples from '../retrieval/examples.ts';
import { ask, planAsk } from './ask.ts';
import { toCsv } from './csv.ts';
import { nextSteps } from './follow-ups.ts';
import { messageOut, presentMessage, presentSession, sessionOut } from './present.ts';
import * as sessions from './sessions.ts';
import { suggestQuestions } from './suggestions.ts';
import { engineTerms } from '../intelligence/terms/service.ts';
import { runDraft, useAsAnswer } from './workbench.ts';

const cid = z.object({ connection_id: z.uuid('Connection id must be a UUID') });
const sessionParams = cid.extend({ id: z.uuid('Session id must be a UUID') });
const messageParams = cid.extend({ message_id: z.uuid('Message id must be a UUID') });

function wantsStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

export function chatRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['chat'];
  const security = bearerSecurity;
  return async (app) => {
    app.get(
      '/public/:share_token',
      {
        schema: {
          tags,
          summary: 'A shared chat, read-only, without login (revoked links answer 404)',
          params: z.object({ share_token: z.string().min(1).max(128) }),
          response: {
            200: z.object({
              title: z.string(),
              connection_name: z.string(),
              shared_at: z.string().nullable(),
              messages: z.array(messageOut.omit({ feedback: true })),
            }),
          },
        },
      },
      async (request) => {
        const found = await sessions.publicSession(ctx, request.params.share_token);
        // A link lives only as long as its creator's access to the connection.
        if (!found || !(await permissionOf(ctx, found.session.userId, found.session.connectionId)))
          throw new NotFound('This shared chat does not exist or is no longer shared');
        const messages = await sessions.sessionMessages(ctx, found.session.id);
        return {
          title: found.session.title,
          connection_name: found.connectionName,
          shared_at: found.session.sharedAt?.toISOString() ?? null,
          messages: messages.map((m) => {
            const { feedback: _feedback, ...rest } = presentMessage(m);
            return rest;
          }),
        };
      },
    );

    app.register(async (plain) => {
      const chat = plain.withTypeProvider<ZodTypeProvider>();
      chat.addHook('preHandler', authenticate(ctx));

      chat.post(
        '/:connection_id',
        {
          schema: {
            tags,
            security,
            summary: 'Ask a question (chat permission); with Accept: text/event-stream, steps stream as they finish',
            params: cid,
            body: z.object({
              question: z.string().trim().min(1, 'Ask a question').max(2000),
              session_id: z.uuid().optional(),
              explain_mode: z.enum(['query', 'llm']).default('query'),
            }),
            response: { 200: messageOut },
          },
        },
        async (request, reply) => {
          const input = {
            userId: currentUser(request).id,
            connectionId: request.params.connection_id,
            question: request.body.question,
            sessionId: request.body.session_id,
            explainMode: request.body.explain_mode,
            signal: clientGone(reply),
          };
          if (!wantsStream(request)) return presentMessage(await ask(ctx, input));

          // Access, readiness and the session are settled before the stream starts, so they get
          // their own status (404, 409) rather than a 200 carrying an error event.
          const plan = await planAsk(ctx, input);
          reply.hijack();
          const raw = reply.raw;
          raw.writeHead(200, {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            connection: 'keep-alive',
            'x-request-id': request.id,
          });
          const send = (event: string, data: unknown) =>
            raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
          try {
            const message = await ask(ctx, { ...input, onStep: (step) => send('step', step) }, plan);
            send('answer', presentMessage(message));
          } catch (error) {
            const { payload } = mapError(error as Error, request);
            send('error', payload);
          }
          raw.end();
        },
      );

      chat.get(
        '/:connection_id/suggestions',
        {
          schema: {
            tags,
            security,
            summary:
              'Five questions this database can answer, from what analysis learned and the accepted business terms',
            params: cid,
            response: { 200: z.object({ questions: z.array(z.string()) }) },
          },
        },
        async (request) => {
          const { connection } = await authorize(ctx, currentUser(request).id, request.params.connection_id, 'ask');
          if (!connection.lastAnalyzedAt) return { questions: [] };
          const terms = await ctx.knowledge.remember(connection, 'terms', () => engineTerms(ctx, connection.id));
          return { questions: await suggestQuestions(ctx, connection, 5, terms) };
        },
      );

      chat.get(
        '/:connection_id/sessions',
        {
          schema: {
            tags,
            security,
            summary: 'Your chat sessions on this connection, newest first',
            params: cid,
            response: { 200: z.array(sessionOut) },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'ask');
          return (await sessions.listSessions(ctx, connection.id, user.id)).map((r) =>
            presentSession(r.session, r.messages),
          );
        },
      );

      chat.get(
        '/:connection_id/sessions/:id',
        {
          schema: {
            tags,
            security,
            summary: 'One of your sessions with its messages',
            params: sessionParams,
            response: { 200: sessionOut.extend({ messages: z.array(messageOut) }) },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'ask');
          const session = await sessions.ownSession(ctx, connection.id, user.id, request.params.id);
          const messages = await sessions.sessionMessages(ctx, session.id);
          return { ...presentSession(session, messages.length), messages: messages.map(presentMessage) };
        },
      );

      chat.delete(
        '/:connection_id/sessions/:id',
        {
          schema: {
            tags,
            security,
            summary: 'Delete one of your sessions',
            params: sessionParams,
            response: { 204: z.null() },
          },
        },
        async (request, reply) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'ask');
          await sessions.deleteSession(ctx, await sessions.ownSession(ctx, connection.id, user.id, request.params.id));
          return reply.status(204).send(null);
        },
      );

      chat.post(
        '/:connection_id/sessions/:id/share',
        {
          schema: {
            tags,
            security,
            summary: 'Share a session by public link, or stop sharing it (toggles unless `shared` is given)',
            params: sessionParams,
            body: z.object({ shared: z.boolean().optional() }).nullish(),
            response: {
              200: z.object({
                shared: z.boolean(),
                share_token: z.string().nullable(),
                share_path: z.string().nullable(),
              }),
            },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'ask');
          const session = await sessions.ownSession(ctx, connection.id, user.id, request.params.id);
          const updated = await sessions.toggleShare(ctx, session, request.body?.shared);
          return {
            shared: updated.shareToken !== null,
            share_token: updated.shareToken,
            share_path: updated.shareToken ? `/share/${updated.shareToken}` : null,
          };
        },
      );

      chat.get(
        '/:connection_id/messages/:message_id/csv',
        {
          schema: {
            tags,
            security,
            summary: "Download an answer's rows as CSV (the stored SQL runs again, through the guard)",
            params: messageParams,
          },
        },
        async (request, reply) => {
          const user = currentUser(request);
          const message = await sessions.ownMessage(
            ctx,
            request.params.connection_id,
            user.id,
            request.params.message_id,
          );
          if (!message.sql || message.kind !== 'query') throw new NotFound('This answer has no result to download');
          const result = await executeSqlQuery(ctx, {
            userId: user.id,
            connectionId: request.params.connection_id,
            sql: message.sql,
            source: message.engine === 'llm' ? 'llm' : 'builtin',
            signal: clientGone(reply),
          });
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="askdb-${message.id.slice(0, 8)}.csv"`)
            .send(toCsv(result.columns, result.rows));
        },
      );

      const draftOut = z.object({
        sql: z.string(),
        columns: z.array(z.object({ name: z.string(), type: z.string() })),
        rows: z.array(z.array(z.unknown())),
        row_count: z.number(),
        truncated: z.boolean(),
        execution_ms: z.number(),
        chart: z.object({ kind: z.string(), reason: z.string(), spec: z.record(z.string(), z.unknown()).nullable() }),
        explanation: z.string(),
        tables: z.array(z.string()),
      });
      const draftBody = z.object({ sql: z.string().trim().min(1, 'Write the SQL to run').max(100_000) });

      chat.post(
        '/:connection_id/messages/:message_id/run',
        {
          // The guard refuses SQL holding NUL itself (400), so that the refusal is kept in the SQL history.
          config: { checksBodyText: true },
          schema: {
            tags,
            security,
            summary:
              "Run an edited version of an answer's SQL (view permission): the rows, a proposed chart and an explanation; refused SQL gets 422",
            params: messageParams,
            body: draftBody,
            response: { 200: draftOut },
          },
        },
        async (request, reply) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'run-sql');
          await sessions.ownMessage(ctx, connection.id, user.id, request.params.message_id);
          return runDraft(ctx, {
            userId: user.id,
            connectionId: connection.id,
            sql: request.body.sql,
            signal: clientGone(reply),
          });
        },
      );

      chat.post(
        '/:connection_id/messages/:message_id/answer',
        {
          config: { checksBodyText: true },
          schema: {
            tags,
            security,
            summary:
              "Use edited SQL as the answer to this message's question (view permission): it runs, is stored in the same session as a new answer, and becomes a saved example",
            params: messageParams,
            body: draftBody,
            response: { 201: messageOut },
          },
        },
        async (request, reply) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'run-sql');
          const original = await sessions.ownMessage(ctx, connection.id, user.id, request.params.message_id);
          const message = await useAsAnswer(ctx, {
            userId: user.id,
            connectionId: connection.id,
            sql: request.body.sql,
            original,
            signal: clientGone(reply),
          });
          return reply.status(201).send(presentMessage(message));
        },
      );

      chat.get(
        '/:connection_id/messages/:message_id/next',
        {
          schema: {
            tags,
            security,
            summary:
              'What to ask after this message: 2–3 follow-ups to an answer, or for a refusal the words not placed, the closest tables and columns, and rephrasings (all answerable by the built-in engine)',
            params: messageParams,
            response: {
              200: z.object({
                questions: z.array(z.string()),
                unplaced: z.array(z.string()),
                closest: z.array(z.string()),
              }),
            },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'ask');
          const message = await sessions.ownMessage(ctx, connection.id, user.id, request.params.message_id);
          return nextSteps(ctx, connection, message);
        },
      );

      chat.post(
        '/:connection_id/messages/:message_id/feedback',
        {
          schema: {
            tags,
            security,
            summary:
              'Confirm an answer, or correct its SQL (view permission); confirmed or corrected SQL becomes a saved example',
            params: messageParams,
            body: z.object({ correct: z.boolean(), sql: z.string().trim().min(1).max(100_000).optional() }),
            response: {
              200: z.object({ saved_example: z.boolean(), example_id: z.string().nullable(), message: z.string() }),
            },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { connection } = await authorize(
            ctx,
            user.id,
            request.params.connection_id,
            request.body.sql ? 'run-sql' : 'ask',
          );
          const message = await sessions.ownMessage(ctx, connection.id, user.id, request.params.message_id);
          if (request.body.sql) {
            // The correction must run (through the guard) before anyone learns from it.
            const ran = await executeSqlQuery(ctx, {
              userId: user.id,
              connectionId: connection.id,
              sql: request.body.sql,
              source: 'user',
              maxRows: 1,
            });
            const example = await examples.saveExample(ctx, {
              connectionId: connection.id,
              question: message.question,
              sql: request.body.sql,
              source: 'corrected',
              messageId: message.id,
              createdBy: user.id,
            });
            await sessions.setFeedback(ctx, message.id, 'corrected');
            return {
              saved_example: true,
              example_id: example.id,
              message: `Saved the corrected SQL as an example (it ran: ${ran.columns.length} columns).`,
            };
          }
          await sessions.setFeedback(ctx, message.id, request.body.correct ? 'up' : 'down');
          if (!request.body.correct || !message.sql || message.kind !== 'query')
            return { saved_example: false, example_id: null, message: 'Thanks, noted.' };
          const example = await examples.saveExample(ctx, {
            connectionId: connection.id,
            question: message.question,
            sql: message.sql,
            source: 'confirmed',
            messageId: message.id,
            createdBy: user.id,
          });
          return {
            saved_example: true,
            example_id: example.id,
            message: 'Thanks! Similar questions will use this answer as an example.',
          };
        },
      );

      chat.get(
        '/:connection_id/examples',
        {
          schema: {
            tags,
            security,
            summary: 'Saved question → SQL examples of this connection (owner)',
            params: cid,
            response: {
              200: z.array(
                z.object({
                  id: z.uuid(),
                  question: z.string(),
                  sql: z.string(),
                  source: z.string(),
                  created_by: z.string().nullable(),
                  created_at: z.string(),
                }),
              ),
            },
          },
        },
        async (request) => {
          const { connection } = await authorize(
            ctx,
            currentUser(request).id,
            request.params.connection_id,
            'manage-examples',
          );
          return (await examples.listExamples(ctx, connection.id)).map((e) => ({
            id: e.id,
            question: e.question,
            sql: e.sql,
            source: e.source,
            created_by: e.createdBy,
            created_at: e.createdAt.toISOString(),
          }));
        },
      );

      chat.delete(
        '/:connection_id/examples/:id',
        {
          schema: {
            tags,
            security,
            summary: 'Delete a saved example (owner)',
            params: cid.extend({ id: z.uuid('Example id must be a UUID') }),
            response: { 204: z.null() },
          },
        },
        async (request, reply) => {
          const { connection } = await authorize(
            ctx,
            currentUser(request).id,
            request.params.connection_id,
            'manage-examples',
          );
          await examples.deleteExample(ctx, connection.id, request.params.id);
          return reply.status(204).send(null);
        },
      );
    });
  };
}
