import { parseArgs } from 'node:util';
import { Invalid } from '../errors.ts';
import { DEFAULT_DEMO_HOST, DEFAULT_DEMO_PORT, startDemoDatabase, type DemoDatabase } from './server.ts';
import { companyName } from './vocabulary.ts';

const demoUsage = `Usage: askdb demo [--port ${DEFAULT_DEMO_PORT}] [--host ${DEFAULT_DEMO_HOST}] [--data-dir DIR]

Starts only AskDB's demo database (${companyName}, a fictional retailer) and prints
its URL, for psql or any other PostgreSQL client. --port 0 picks a free port; --data-dir
defaults to the demo folder inside DATA_DIR ('memory://' keeps nothing). Ctrl+C stops it.
`;

export interface DemoCommandOptions {
  dataDir: string;
  port?: number;
  host?: string;
  print?: (line: string) => void;
  /** Stops the database when aborted; SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
}

/** Reads `askdb demo`'s own arguments (those after "demo"). */
export function parseDemoArgs(
  args: string[],
  defaultDataDir: string,
): Pick<DemoCommandOptions, 'dataDir' | 'port' | 'host'> {
  let values: { port?: string; host?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new Invalid(`${(error as Error).message}\n\n${demoUsage}`);
  }
  const port = values.port === undefined ? DEFAULT_DEMO_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Invalid(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  return { dataDir: values['data-dir'] ?? defaultDataDir, port, host: values.host ?? DEFAULT_DEMO_HOST };
}

function connectionHelp(demo: DemoDatabase, dataDir: string): string[] {
  return [
    `AskDB demo database (${companyName}, a fictional retailer) is ready:`,
    `  URL:       ${demo.url}   (any password)`,
    `  psql:      psql "${demo.url}"`,
    `  AskDB:     host ${demo.host}, port ${demo.port}, database ${demo.database}, user ${demo.user}, SSL off`,
    'It is for reading only: sessions start read-only, and all clients share one PGlite session, so do not write to it.',
    dataDir === 'memory://' ? 'Kept in memory only.' : `Stored in ${dataDir}.`,
    'Press Ctrl+C to stop.',
  ];
}

function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const finish = (reason: string) => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInterrupt = () => finish('SIGINT');
    const onTerminate = () => finish('SIGTERM');
    const onAbort = () => finish('abort');
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onTerminate);
    if (signal?.aborted) finish('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `askdb demo`: serves the demo database until SIGINT, SIGTERM or `signal`, then stops it cleanly. */
export async function runDemoCommand(options: DemoCommandOptions): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const demo = await startDemoDatabase({
    dataDir: options.dataDir,
    port: options.port,
    host: options.host,
    log: print,
  });
  for (const line of connectionHelp(demo, options.dataDir)) print(line);
  await stopRequested(options.signal);
  print('Stopping the demo database…');
  await demo.stop();
}
