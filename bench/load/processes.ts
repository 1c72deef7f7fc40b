/**
 * AskDB processes for the benches: `askdb serve` and `askdb worker` as child processes, exactly as
 * an operator starts them, on 127.0.0.1 only. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** ASKDB_BIN runs another checkout's AskDB (e.g. a worktree of an older commit, for figures before a change). */
const bin = process.env.ASKDB_BIN ?? fileURLToPath(new URL('../../bin/askdb.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AskdbProcess {
  role: 'serve' | 'worker';
  /** http://127.0.0.1:port for `serve`. */
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL now: what a crash looks like. */
  kill(): Promise<void>;
}

export interface StartOptions {
  role: 'serve' | 'worker';
  port?: number;
  env: Record<string, string>;
}

/** Settings every bench process shares: quiet logs, no demo, rate limits out of the way. */
export function benchEnv(dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DEMO: 'off',
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    AUTH_RATE_LIMIT: '1000000',
    CONNECTION_TEST_RATE_LIMIT: '1000000',
    ANALYSIS_RETRY_DELAY_SECONDS: '1',
    // Long enough for a soak: tokens are issued once, before measuring.
    JWT_EXPIRE_MINUTES: '240',
  };
}

async function waitForHealth(url: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    try {
      const response = await fetch(`${url}/system/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(exited() ? 'exited during start-up' : `not answering after ${timeoutMs / 1000} s`);
}

export async function startAskdb(options: StartOptions): Promise<AskdbProcess> {
  // A worker says it started at info level; that line is what the bench waits for.
  const env = {
    ...process.env,
    ...options.env,
    ...(options.port ? { PORT: String(options.port) } : {}),
    ...(options.role === 'worker' ? { LOG_LEVEL: 'info' } : {}),
  };
  // ASKDB_NODE_ARGS: node flags for the AskDB processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = (process.env.ASKDB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, bin, options.role], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port ?? 0}`;
  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await exit;
  };
  try {
    if (options.role === 'serve') await waitForHealth(url, () => exited, 60_000);
    else for (let i = 0; i < 300 && !exited && !output.includes('worker started'); i++) await sleep(100);
    if (exited || (options.role === 'worker' && !output.includes('worker started'))) throw new Error('did not start');
  } catch (error) {
    await kill();
    throw new Error(`askdb ${options.role} ${(error as Error).message}:\n${output.slice(-2000)}`);
  }
  return {
    role: options.role,
    url,
    pid: child.pid!,
    child,
    output: () => output,
    kill,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
