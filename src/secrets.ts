import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Reads a secret kept in the data folder, creating it (random, file mode 600) on first use.
 * Only for local starts: production must pass secrets in the environment (config.ts enforces it).
 */
export function persistentSecret(
  dataDir: string,
  fileName: string,
  bytes: number,
  onCreate: (file: string) => void,
): string {
  const file = path.join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  onCreate(file);
  return secret;
}
