import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, verifyPassword } from '../../src/auth/passwords.ts';
import { AccessTokens, hashRefreshToken, newRefreshToken } from '../../src/auth/tokens.ts';
import { Unauthorized } from '../../src/errors.ts';

const SECRET = 'unit-test-secret-that-is-long-enough-for-hs256';
const key = new TextEncoder().encode(SECRET);
const tokens = new AccessTokens(SECRET, 15);
const userId = randomUUID();
const sessionId = randomUUID();
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the app's key whose claims differ from a real one as `change` says. */
function forge(
  change: {
    claims?: Record<string, unknown>;
    issuer?: string | null;
    subject?: string | null;
    exp?: number | null;
    alg?: string;
  } = {},
) {
  const claims = change.claims ?? { typ: 'access', sid: sessionId };
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: change.alg ?? 'HS256' }).setIssuedAt();
  if (change.issuer !== null) jwt = jwt.setIssuer(change.issuer ?? 'askdb');
  if (change.subject !== null) jwt = jwt.setSubject(change.subject ?? userId);
  if (change.exp !== null) jwt = jwt.setExpirationTime(change.exp ?? now() + 600);
  return jwt.sign(key);
}

async function refusal(token: Promise<string> | string): Promise<unknown> {
  return tokens.verify(await token).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

function invalid(error: unknown, message = 'Invalid access token') {
  expect(error).toBeInstanceOf(Unauthorized);
  expect(error).toMatchObject({ code: 'unauthorized', message });
}

describe('access tokens', () => {
  it('round-trips the user and the login', async () => {
    const token = await tokens.sign(userId, sessionId);
    expect(await tokens.verify(token)).toEqual({ userId, sessionId });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ typ: 'access', sid: sessionId, sub: userId, iss: 'askdb' });
    expect(payload.exp).toBe((payload.iat as number) + 15 * 60);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256' });
  });

  it('tells its lifetime in seconds', () => {
    expect(tokens.expiresInSeconds).toBe(900);
    expect(new AccessTokens(SECRET, 1).expiresInSeconds).toBe(60);
  });

  it('accepts a forged token only when every claim is what sign() writes', async () => {
    expect(await tokens.verify(await forge())).toEqual({ userId, sessionId });
  });

  it('refuses a token whose typ is not access', async () => {
    invalid(await refusal(forge({ claims: { typ: 'refresh', sid: sessionId } })));
    invalid(await refusal(forge({ claims: { sid: sessionId } })));
    invalid(await refusal(forge({ claims: { typ: 'Access', sid: sessionId } })));
  });

  it('refuses a token from another issuer, or none', async () => {
    invalid(await refusal(forge({ issuer: 'someone-else' })));
    invalid(await refusal(forge({ issuer: null })));
  });

  it('refuses a token without exp, sub or sid, or with a sub or sid that is not a uuid', async () => {
    invalid(await refusal(forge({ exp: null })));
    invalid(await refusal(forge({ subject: null })));
    invalid(await refusal(forge({ claims: { typ: 'access' } })));
    invalid(await refusal(forge({ subject: 'admin' })));
    invalid(await refusal(forge({ subject: `${userId}x` })));
    invalid(await refusal(forge({ subject: `x${userId}` })));
    invalid(await refusal(forge({ claims: { typ: 'access', sid: 'not-a-uuid' } })));
    invalid(await refusal(forge({ claims: { typ: 'access', sid: `${sessionId}0` } })));
    invalid(await refusal(forge({ claims: { typ: 'access', sid: 42 } })));
  });

  it('refuses another algorithm, another key, and text that is no token', async () => {
    invalid(await refusal(forge({ alg: 'HS512' })));
    invalid(await refusal(new AccessTokens('another-secret-another-secret-another', 15).sign(userId, sessionId)));
    invalid(await refusal('not.a.token'));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ typ: 'access', sub: userId, sid: sessionId, iss: 'askdb', exp: now() + 60 })).toString('base64url')}.`;
    invalid(await refusal(unsigned));
  });

  it('says when a token has expired', async () => {
    invalid(await refusal(forge({ exp: now() - 5 })), 'Access token expired');
  });
});

describe('refresh tokens', () => {
  it('are 32 random bytes, base64url', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(a);
  });

  it('are stored as their SHA-256 in hex', () => {
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('passwords', () => {
  it("are hashed with argon2id at OWASP's baseline cost, salted, and verified", async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('a broken stored hash verifies nothing instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('the decoy hash, checked for unknown users, matches no password a person would type', async () => {
    const decoy = await decoyHash;
    expect(decoy).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(decoy, 'password')).toBe(false);
    expect(await verifyPassword(decoy, '')).toBe(false);
  });
});
