import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { FastifyBaseLogger } from 'fastify';
import { personalTokenCaller } from '../auth/guard.ts';
import { isPersonalToken } from '../auth/personal-tokens.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../runtime.ts';
import { relay } from './relay.ts';
import { createMcpServer } from './server.ts';

/** A problem with how `askdb mcp` was started: printed as one line. */
export class McpSetupError extends Error {}

/** Ends when stdin does (the MCP client went away) or the transport closes. */
function untilClosed(transport: StdioServerTransport): Promise<void> {
  return new Promise((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
}

/** Fails fast, with the server's reason, when AskDB is unreachable or refuses the token. */
async function checkRemote(base: URL, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL('auth/me', base), { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new McpSetupError(
      `AskDB at ${base.href} could not be reached (${(error as Error).message}); is it running? Check ASKDB_URL.`,
    );
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new McpSetupError(
    `AskDB at ${base.href} refused ASKDB_TOKEN (HTTP ${response.status}): ${body?.error?.message ?? response.statusText}`,
  );
}

/**
 * `askdb mcp`: an MCP server on stdin/stdout for one user, named by ASKDB_TOKEN (a personal access
 * token). With ASKDB_URL it relays to that AskDB's /mcp endpoint; otherwise, with DATABASE_URL, it
 * works in-process against the app database. stdout carries the protocol alone: logs go to stderr.
 */
export async function runMcpCommand(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const token = env.ASKDB_TOKEN?.trim();
  if (!token)
    throw new McpSetupError(
      'askdb mcp needs ASKDB_TOKEN: a personal access token (AskDB → Access tokens, or POST /auth/tokens)',
    );
  if (!isPersonalToken(token)) throw new McpSetupError('ASKDB_TOKEN must be a personal access token (askdb_pat_…)');
  console.log = console.error;
  console.info = console.error;

  if (env.ASKDB_URL) {
    const base = new URL(env.ASKDB_URL.endsWith('/') ? env.ASKDB_URL : `${env.ASKDB_URL}/`);
    await checkRemote(base, token);
    const transport = new StdioServerTransport();
    process.stdin.once('end', () => void transport.close());
    await relay(transport, new URL('mcp', base), token);
    return;
  }
  if (!env.DATABASE_URL)
    throw new McpSetupError(
      'askdb mcp needs ASKDB_URL (a running AskDB, e.g. http://127.0.0.1:8000) or DATABASE_URL (its app database)',
    );

  const config = loadConfig(env);
  const log = createLogger(config, process.stderr) as FastifyBaseLogger;
  const runtime = await openRuntime(config, { log, worker: false, demo: false });
  try {
    const { ctx } = runtime;
    await personalTokenCaller(ctx, token).catch((error: Error) => {
      throw new McpSetupError(`ASKDB_TOKEN was refused: ${error.message}`);
    });
    const baseUrl = (
      config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`
    ).replace(/\/+$/, '');
    const server = createMcpServer(ctx, async () => (await personalTokenCaller(ctx, token)).user, { baseUrl });
    const transport = new StdioServerTransport();
    const closed = untilClosed(transport);
    await server.connect(transport);
    await closed;
    await server.close();
  } finally {
    await runtime.close();
  }
}
