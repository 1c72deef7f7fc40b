import { parseArgs } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';
import path from 'node:path';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.ts';
import { loadVault, rotateSecrets } from './connections/keys.ts';
import { openDatabase } from './db/client.ts';
import { EvalUsageError, runEval } from './eval/cli.ts';
import { PromptUsageError, runPrompt } from './eval/prompt-cli.ts';
import { parseDemoArgs, runDemoCommand } from './demo/cli.ts';
import { AskUsageError, runAsk } from './cli/ask.ts';
import { AppError } from './errors.ts';
import { McpSetupError, runMcpCommand } from './mcp/stdio.ts';
import { createLogger } from './logger.ts';
import { openRuntime } from './runtime.ts';
import { buildApp } from './server.ts';
import { loadWordNet } from './text/index.ts';
import { setSuperuser } from './users/service.ts';

const usage = `Usage: askdb <command>

Commands:
  serve                     start the HTTP API (and an in-process worker unless WORKER=off)
  worker                    run background workers only
  migrate                   apply database migrations and exit
  demo [--port 5433]        start only the demo database and print its URL
  ask --connection NAME|ID [--json|--csv] "question"
                            ask a running AskDB (ASKDB_URL, ASKDB_TOKEN); exit 0 answered,
                            2 clarify/unanswerable, 1 error
  mcp                       MCP server on stdio for ASKDB_TOKEN's user: relays to ASKDB_URL,
                            or works in-process on DATABASE_URL
  eval --questions F --db-url URL --out F [--provider P] [--prompts-out F]
                            answer a question file (defog format) and score it
  prompt --connection ID "question"
                            print the messages the LLM would receive for a question
  keys rotate               re-encrypt stored secrets under the current ENCRYPTION_KEY
  user promote <username>   make a user a superuser
  user demote <username>    take superuser rights away
`;

async function openMigrated(config: Config) {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedPath: path.join(config.dataDir, 'app'),
  });
  await database.migrate();
  return database;
}

async function serve(config: Config): Promise<void> {
  loadWordNet();
  const { app } = await buildApp(config, { processMetrics: true });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { mode: config.embedded ? 'embedded' : 'server' },
    `AskDB listening on http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT} (docs at /docs)`,
  );
}

async function worker(config: Config): Promise<void> {
  loadWordNet();
  const log = createLogger(config) as FastifyBaseLogger;
  const runtime = await openRuntime(config, { log, worker: true, processMetrics: true });
  log.info('AskDB worker started: analysing connections as jobs arrive');
  const stop = async () => {
    log.info('worker stopping');
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function migrate(config: Config): Promise<void> {
  const database = await openMigrated(config);
  console.log(`Migrations applied (${database.mode} database)`);
  await database.close();
}

async function user(config: Config, args: string[]): Promise<void> {
  const [action, username] = args;
  if ((action !== 'promote' && action !== 'demote') || !username)
    throw new UsageError('askdb user promote|demote <username>');
  const database = await openMigrated(config);
  try {
    const updated = await setSuperuser({ db: database.db }, username, action === 'promote');
    console.log(`${updated.username} is ${updated.isSuperuser ? 'now a superuser' : 'no longer a superuser'}`);
  } finally {
    await database.close();
  }
}

async function keys(config: Config, args: string[]): Promise<void> {
  if (args[0] !== 'rotate') throw new UsageError('askdb keys rotate');
  const database = await openMigrated(config);
  try {
    const vault = loadVault(config, (file) => console.log(`Generated a new encryption key in ${file}`));
    const { rotated, total } = await rotateSecrets(database.db, vault);
    console.log(`Re-encrypted ${rotated} of ${total} stored secrets under key ${vault.currentKeyId}`);
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command, ...rest] = positionals;
  if (!command || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  loadDotEnv();
  // Clients of a running AskDB: they need no server settings.
  if (command === 'ask') {
    process.exitCode = await runAsk(argv.slice(argv.indexOf('ask') + 1));
    return;
  }
  if (command === 'mcp') return runMcpCommand();
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'worker':
      return worker(config);
    case 'migrate':
      return migrate(config);
    case 'demo':
      return runDemoCommand(parseDemoArgs(argv.slice(argv.indexOf('demo') + 1), path.join(config.dataDir, 'demo')));
    case 'eval':
      return runEval(argv.slice(1));
    case 'prompt':
      return runPrompt(argv.slice(argv.indexOf('prompt') + 1), config);
    case 'keys':
      return keys(config, rest);
    case 'user':
      return user(config, rest);
    default:
      throw new UsageError(`Unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof EvalUsageError ||
    error instanceof PromptUsageError ||
    error instanceof AppError ||
    error instanceof AskUsageError ||
    error instanceof McpSetupError
  ) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
