/**
 * A running AskDB for a bench: its processes, users, and a connection to the target analysed to
 * ready. `server` mode: a scratch app database on the local PostgreSQL (any number of `serve` and
 * `worker` processes on it); `embedded`: one `serve` on PGlite in a temporary data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv, freePort, startAskdb, type AskdbProcess } from './processes.ts';
import {
  addConnection,
  call,
  registerUser,
  shareWith,
  waitReady,
  type BenchUser,
  type TargetAddress,
} from './setup.ts';
import { scratchAppDatabase } from './target.ts';

export interface StackOptions {
  mode: 'server' | 'embedded';
  serverUrl: string;
  target: TargetAddress;
  /** `serve` processes (embedded: always 1). */
  serves: number;
  /** Separate `worker` processes; with none, each `serve` runs its own worker. */
  workers: number;
  users: number;
  /** Settings for every process (e.g. the LLM). */
  env?: Record<string, string>;
  label: string;
}

export interface Stack {
  mode: 'server' | 'embedded';
  serves: AskdbProcess[];
  workers: AskdbProcess[];
  owner: BenchUser;
  users: BenchUser[];
  connectionId: string;
  /** The app database's URL (server mode). */
  databaseUrl: string | null;
  env: Record<string, string>;
  /** Starts one more process of the stack (after a crash: on the same `port`; or an LLM-configured serve). */
  start(role: 'serve' | 'worker', env?: Record<string, string>, port?: number): Promise<AskdbProcess>;
  close(): Promise<void>;
}

export async function openStack(options: StackOptions): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `askdb-bench-${options.label}-`));
  const database = options.mode === 'server' ? await scratchAppDatabase(options.serverUrl, options.label) : null;
  const env: Record<string, string> = {
    ...benchEnv(dataDir),
    ...(database ? { DATABASE_URL: database.url } : {}),
    WORKER: options.workers > 0 ? 'off' : 'on',
    ...options.env,
  };
  const processes: AskdbProcess[] = [];
  const start = async (role: 'serve' | 'worker', extra: Record<string, string> = {}, port?: number) => {
    const child = await startAskdb({
      role,
      port: role === 'serve' ? (port ?? (await freePort())) : undefined,
      env: { ...env, ...extra },
    });
    processes.push(child);
    return child;
  };
  const close = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const serves: AskdbProcess[] = [];
    const workers: AskdbProcess[] = [];
    // Migrations run at start-up: the first process alone, then the others.
    serves.push(await start('serve'));
    const more = options.mode === 'embedded' ? 0 : options.serves - 1;
    serves.push(...(await Promise.all(Array.from({ length: more }, () => start('serve')))));
    workers.push(
      ...(await Promise.all(
        Array.from({ length: options.mode === 'embedded' ? 0 : options.workers }, () => start('worker')),
      )),
    );

    const base = serves[0]!.url;
    const stamp = Date.now().toString(36);
    const owner = await registerUser(base, `owner_${stamp}`);
    const users: BenchUser[] = [];
    for (let i = 0; i < options.users; i++)
      users.push(await registerUser(serves[i % serves.length]!.url, `user_${stamp}_${i}`));
    const connectionId = await addConnection(base, owner, 'Shop', options.target);
    // Readers get view: enough to ask and to run SQL themselves.
    for (const user of users) await shareWith(base, owner, connectionId, user, 'view');
    await waitReady(base, owner, connectionId);
    return {
      mode: options.mode,
      serves,
      workers,
      owner,
      users,
      connectionId,
      databaseUrl: database?.url ?? null,
      env,
      start,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The questions the engine answers (kind `query`) on this stack, each asked once by the owner. */
export async function answerable(stack: Stack, questions: string[]): Promise<{ kept: string[]; dropped: string[] }> {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const question of questions) {
    const { status, body } = await call(
      stack.serves[0]!.url,
      'POST',
      `/chat/${stack.connectionId}`,
      { question },
      stack.owner.token,
    );
    if (status === 200 && body.kind === 'query') kept.push(question);
    else dropped.push(`${question} (${status} ${body?.kind ?? body?.error?.code})`);
  }
  return { kept, dropped };
}
