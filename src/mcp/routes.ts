import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { Forbidden, MethodNotAllowed } from '../errors.ts';
import { createMcpServer } from './server.ts';

/**
 * Browser origins that may call /mcp: the CORS origins, PUBLIC_URL, and this server on loopback
 * names. A request's own Host is not trusted for this (DNS rebinding makes it the attacker's name);
 * clients that send no Origin (scripts, MCP clients) are not browsers and pass.
 */
function allowedOrigins(config: Config): Set<string> {
  const origins = new Set(config.corsOrigins);
  if (config.PUBLIC_URL) origins.add(new URL(config.PUBLIC_URL).origin);
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) origins.add(`http://${host}:${config.PORT}`);
  return origins;
}

function checkOrigin(origins: Set<string>) {
  return async (request: FastifyRequest): Promise<void> => {
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.has(origin))
      throw new Forbidden(`Origin ${origin} may not call the MCP endpoint`);
  };
}

/** Where people open AskDB in a browser, for links in answers: PUBLIC_URL, else the address this request came to. */
function baseUrl(config: Config, request: FastifyRequest): string {
  return (config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

/**
 * The MCP Streamable HTTP endpoint, stateless: each POST carries a bearer token (personal access
 * token or a login's access token), gets a server of its own for that caller, and is answered as JSON.
 */
export function mcpRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const origins = allowedOrigins(ctx.config);
  return async (app) => {
    app.post(
      '/',
      {
        preHandler: [checkOrigin(origins), authenticate(ctx)],
        // Tools check their own text fields; run_sql's SQL goes to the guard, which records a refused NUL like POST /sql.
        config: { checksBodyText: true },
        schema: {
          tags: ['mcp'],
          summary:
            'Model Context Protocol (Streamable HTTP, stateless): tools list_databases, search_schema, ask, run_sql, describe_table',
          security: bearerSecurity,
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const server = createMcpServer(ctx, async () => user, { baseUrl: baseUrl(ctx.config, request) });
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        // The transport writes the response itself; keep the headers every answer carries (request id, security).
        for (const [name, value] of Object.entries(reply.getHeaders()))
          if (value !== undefined) reply.raw.setHeader(name, value);
        reply.hijack();
        reply.raw.on('close', () => {
          void transport.close();
          void server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(request.raw, reply.raw, request.body);
      },
    );

    // Stateless: no server-initiated stream to open (GET) and no session to end (DELETE).
    const notAllowed = async () => {
      throw new MethodNotAllowed('This MCP endpoint is stateless: send JSON-RPC messages with POST');
    };
    app.get('/', { preHandler: checkOrigin(origins), schema: { hide: true } }, notAllowed);
    app.delete('/', { preHandler: checkOrigin(origins), schema: { hide: true } }, notAllowed);
  };
}
