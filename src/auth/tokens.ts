import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Unauthorized } from '../errors.ts';

export interface AccessClaims {
  userId: string;
  /** The login (auth_sessions.id) the token was issued for. */
  sessionId: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlMinutes: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  get expiresInSeconds(): number {
    return this.ttlMinutes * 60;
  }

  sign(userId: string, sessionId: string): Promise<string> {
    return new SignJWT({ typ: 'access', sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt()
      .setIssuer('askdb')
      .setExpirationTime(`${this.ttlMinutes}m`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: 'askdb',
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub', 'sid'],
      });
      const { typ, sub, sid } = payload;
      if (typ !== 'access' || !uuid.test(sub ?? '') || typeof sid !== 'string' || !uuid.test(sid))
        throw new Unauthorized('Invalid access token');
      return { userId: sub!, sessionId: sid };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new Unauthorized('Access token expired');
      throw new Unauthorized('Invalid access token');
    }
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
