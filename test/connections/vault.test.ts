import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault, VaultError } from '../../src/connections/vault.ts';

describe('vault', () => {
  const key = randomBytes(32);
  const vault = new Vault(key);

  it('round-trips secrets and never stores the plaintext', () => {
    for (const secret of ['', 'p@ss', 'Pw-9f3K!x%40@:/', 'ünïcødé 密码 🔑', 'x'.repeat(5000)]) {
      const sealed = vault.encrypt(secret);
      expect(sealed.startsWith(`v1:${vault.currentKeyId}:`)).toBe(true);
      if (secret) expect(sealed).not.toContain(secret);
      expect(vault.decrypt(sealed)).toBe(secret);
    }
    expect(vault.encrypt('same')).not.toBe(vault.encrypt('same'));
  });

  it('detects tampering and unknown keys', () => {
    const sealed = vault.encrypt('secret');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(() => vault.decrypt(parts.join(':'))).toThrow(VaultError);
    expect(() => new Vault(randomBytes(32)).decrypt(sealed)).toThrow(/not configured/);
    expect(() => vault.decrypt('garbage')).toThrow(/unknown format/);
  });

  it('decrypts with old keys during rotation and reports what needs rotating', () => {
    const old = new Vault(key);
    const sealed = old.encrypt('rotate me');
    const rotated = new Vault(randomBytes(32), [key]);
    expect(rotated.decrypt(sealed)).toBe('rotate me');
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('x'))).toBe(false);
  });

  it('builds from base64 settings', () => {
    const current = randomBytes(32).toString('base64');
    const fromEnv = Vault.fromBase64(current, ` ${key.toString('base64')} ,`);
    expect(fromEnv.decrypt(vault.encrypt('both'))).toBe('both');
  });
});
