import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DemoDatabaseBusyError } from './errors.ts';

const lockFileName = 'askdb-demo.lock';

interface LockContent {
  pid: number;
  url: string | null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockContent | null> {
  try {
    const content = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number'
      ? { pid: content.pid, url: typeof content.url === 'string' ? content.url : null }
      : null;
  } catch {
    return null;
  }
}

export interface DemoLock {
  /** Records where the database is served, for the next process that finds the lock. */
  announce(url: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * Claims a demo data directory for this process. Two PGlite instances writing one directory
 * corrupt it, and `askdb serve` and `askdb demo` both open the same one by default.
 */
export async function lockDemoDirectory(dataDir: string): Promise<DemoLock> {
  const file = path.join(dataDir, lockFileName);
  const write = (content: LockContent, flag: 'w' | 'wx') => writeFile(file, JSON.stringify(content), { flag });
  const mine: LockContent = { pid: process.pid, url: null };
  try {
    await write(mine, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = await readHolder(file);
    if (holder && isRunning(holder.pid)) throw DemoDatabaseBusyError.about(dataDir, holder.pid, holder.url);
    // Left behind by a process that died: take it over.
    await write(mine, 'w');
  }
  return {
    announce: (url) => write({ ...mine, url }, 'w'),
    release: async () => {
      const holder = await readHolder(file);
      if (holder?.pid === process.pid) await unlink(file).catch(() => undefined);
    },
  };
}
