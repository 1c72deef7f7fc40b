import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerSecurity, currentUser } from '../../auth/guard.ts';
import { authorize, permits } from '../../connections/access.ts';
import type { AppContext } from '../../context.ts';
import { presentTerm, termKind, termOut, termStatus } from './present.ts';
import { createTerm, deleteTerm, InvalidTerm, listTerms, replaceTerms, updateTerm, validateTerm } from './service.ts';
import { termsFromYaml, termsToYaml } from './yaml.ts';
import { proposeWithModel } from './model-proposals.ts';

const params = z.object({ connection_id: z.uuid('Connection id must be a UUID') });
const termParams = params.extend({ id: z.uuid('Term id must be a UUID') });
const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

const fields = {
  name: z.string().trim().min(1, 'A term needs a name').max(120),
  synonyms: z.array(z.string().trim().min(1).max(120)).max(30),
  kind: termKind,
  expression: z.string().max(2000),
  table: z.string().trim().min(1, 'Name the table the term starts from').max(200),
  description: z.string().max(2000),
  status: termStatus,
};

/** Business terms: owners write; view sharees read them all; chat sharees read the accepted ones. */
export function termRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['intelligence'];
  const security = bearerSecurity;
  return async (app) => {
    for (const type of yamlTypes)
      app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));

    app.get(
      '/:connection_id/terms',
      {
        schema: {
          tags,
          security,
          summary: 'Business terms (view permission: all; chat permission: the accepted ones)',
          params,
          querystring: z.object({
            status: termStatus.optional(),
            kind: termKind.optional(),
            q: z.string().trim().max(200).optional(),
          }),
          response: { 200: z.object({ items: z.array(termOut) }) },
        },
      },
      async (request) => {
        const { connection, permission } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'ask',
        );
        const status = permits(permission, 'read-intelligence') ? request.query.status : 'accepted';
        if (request.query.status && status !== request.query.status) return { items: [] };
        const items = await listTerms(ctx, connection.id, {
          ...request.query,
          status,
          q: request.query.q || undefined,
        });
        return { items: items.map(presentTerm) };
      },
    );

    app.post(
      '/:connection_id/terms',
      {
        schema: {
          tags,
          security,
          summary: 'Add a business term (owner); its SQL is checked and test-run as SELECT … LIMIT 0',
          params,
          body: z.object({
            ...fields,
            synonyms: fields.synonyms.default([]),
            description: fields.description.default(''),
            expression: fields.expression.default(''),
            status: fields.status.default('accepted'),
          }),
          response: { 201: termOut },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'edit-intelligence');
        reply.code(201);
        return presentTerm(await createTerm(ctx, user.id, connection, request.body));
      },
    );

    app.post(
      '/:connection_id/terms/validate',
      {
        schema: {
          tags,
          security,
          summary:
            "Check a term's SQL without saving it (owner): the same checks as adding one, for live validation while typing",
          params,
          body: z.object({
            kind: termKind,
            table: z.string().trim().max(200),
            expression: fields.expression.default(''),
          }),
          response: {
            200: z.object({
              valid: z.boolean(),
              /** What is wrong, written for the person typing. */
              message: z.string().optional(),
              /** The expression as it would be kept (every column written table.column). */
              expression: z.string().optional(),
              table: z.string().optional(),
            }),
          },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'edit-intelligence');
        if (request.body.table === '') return { valid: false, message: 'Name the table the term starts from.' };
        try {
          const checked = await validateTerm(ctx, user.id, connection, request.body);
          return {
            valid: true,
            expression: checked.expression,
            table: checked.schema === 'public' ? checked.table : `${checked.schema}.${checked.table}`,
          };
        } catch (error) {
          if (error instanceof InvalidTerm) return { valid: false, message: error.message };
          throw error;
        }
      },
    );

    app.post(
      '/:connection_id/terms/propose',
      {
        schema: {
          tags,
          security,
          summary:
            "Ask the configured language model for more business terms (owner); each is checked like a person's and kept as a proposal",
          params,
          response: {
            200: z.object({
              items: z.array(termOut),
              refused: z.array(z.object({ name: z.string(), message: z.string() })),
            }),
          },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'edit-intelligence');
        const { added, refused } = await proposeWithModel(ctx, user.id, connection);
        return { items: added.map(presentTerm), refused };
      },
    );

    app.put(
      '/:connection_id/terms/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Edit, accept or reject a business term (owner); analysis keeps the change',
          params: termParams,
          body: z
            .object({
              name: fields.name.optional(),
              synonyms: fields.synonyms.optional(),
              kind: fields.kind.optional(),
              expression: fields.expression.optional(),
              table: fields.table.optional(),
              description: fields.description.optional(),
              status: fields.status.optional(),
            })
            .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to change' }),
          response: { 200: termOut },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'edit-intelligence');
        return presentTerm(await updateTerm(ctx, user.id, connection, request.params.id, request.body));
      },
    );

    app.delete(
      '/:connection_id/terms/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a business term (owner)',
          params: termParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'edit-intelligence',
        );
        await deleteTerm(ctx, connection.id, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/:connection_id/terms.yaml',
      {
        schema: {
          tags,
          security,
          summary: 'Every business term as one YAML file (view permission)',
          params,
          produces: ['application/yaml'],
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'read-intelligence',
        );
        const terms = await listTerms(ctx, connection.id);
        return reply
          .type('application/yaml; charset=utf-8')
          .header('content-disposition', 'attachment; filename="terms.yaml"')
          .send(termsToYaml(terms, connection.name));
      },
    );

    app.put(
      '/:connection_id/terms.yaml',
      {
        schema: {
          tags,
          security,
          summary:
            'Replace every business term with those of a YAML file (owner); nothing changes unless every term passes its checks',
          params,
          consumes: [...yamlTypes, 'text/plain'],
          body: z.string().max(1_000_000),
          response: { 200: z.object({ items: z.array(termOut) }) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { connection } = await authorize(ctx, user.id, request.params.connection_id, 'edit-intelligence');
        const items = await replaceTerms(ctx, user.id, connection, termsFromYaml(request.body));
        return { items: items.map(presentTerm) };
      },
    );
  };
}
