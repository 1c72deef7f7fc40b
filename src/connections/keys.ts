import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { connections } from '../db/schema.ts';
import { persistentSecret } from '../secrets.ts';
import { Vault } from './vault.ts';

/**
 * The vault from ENCRYPTION_KEY (+ ENCRYPTION_KEYS_OLD). With no key set outside production, a key is
 * generated into the data folder on first start (config.ts refuses production without one).
 */
export function loadVault(config: Config, onGenerated: (file: string) => void): Vault {
  const current = config.ENCRYPTION_KEY ?? persistentSecret(config.dataDir, 'encryption-key', 32, onGenerated);
  return Vault.fromBase64(current, config.ENCRYPTION_KEYS_OLD);
}

/** Re-encrypts every stored secret under the current key; returns how many were rewritten. */
export async function rotateSecrets(db: Db, vault: Vault): Promise<{ rotated: number; total: number }> {
  const rows = await db
    .select({ id: connections.id, encryptedPassword: connections.encryptedPassword })
    .from(connections);
  let rotated = 0;
  for (const row of rows) {
    if (!vault.needsRotation(row.encryptedPassword)) continue;
    const encryptedPassword = vault.encrypt(vault.decrypt(row.encryptedPassword));
    await db.update(connections).set({ encryptedPassword }).where(eq(connections.id, row.id));
    rotated++;
  }
  return { rotated, total: rows.length };
}
