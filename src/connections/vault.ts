import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest. Ciphertext format: `v1:<key id>:<iv>:<tag>:<data>` (base64url parts),
 * where the key id is derived from the key itself, so an old key (ENCRYPTION_KEYS_OLD) still decrypts
 * what it wrote while `askdb keys rotate` re-encrypts everything under the current key.
 */
export class Vault {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(currentKey: Buffer, oldKeys: Buffer[] = []) {
    for (const key of [currentKey, ...oldKeys]) {
      if (key.length !== 32) throw new Error('Encryption keys must be 32 bytes');
      this.keys.set(keyId(key), key);
    }
    this.currentKeyId = keyId(currentKey);
  }

  /** Builds a vault from base64 keys: the current one and a comma-separated list of old ones. */
  static fromBase64(current: string, old = ''): Vault {
    const decode = (k: string) => Buffer.from(k.trim(), 'base64');
    return new Vault(
      decode(current),
      old
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
        .map(decode),
    );
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  decrypt(ciphertext: string): string {
    const [version, id, iv, tag, data] = ciphertext.split(':');
    if (version !== 'v1' || !id || !iv || !tag || data === undefined)
      throw new VaultError('Unreadable secret: unknown format');
    const key = this.keys.get(id);
    if (!key)
      throw new VaultError(
        `Secret was encrypted with key ${id}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_KEYS_OLD)`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('Secret could not be decrypted: it was altered or the key is wrong');
    }
  }

  /** True when the ciphertext was not written under the current key (rotation still to do). */
  needsRotation(ciphertext: string): boolean {
    return ciphertext.split(':')[1] !== this.currentKeyId;
  }
}

export class VaultError extends Error {}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
