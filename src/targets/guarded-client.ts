import { Socket, type LookupFunction } from 'node:net';
import pg from 'pg';
import { TargetRefused } from './refused.ts';

export interface GuardedClientConfig extends pg.ClientConfig {
  /** Resolves host names for the socket and refuses addresses outside the network policy. */
  lookup?: LookupFunction;
}

/** A socket whose host name is resolved by `lookup`, so the address checked is the one connected to. */
class PolicySocket extends Socket {
  constructor(private readonly policyLookup: LookupFunction) {
    super();
  }

  // node-postgres calls connect(port, host) for TCP and connect(path) for a Unix socket.
  override connect(...args: unknown[]): this {
    const [port, host] = args;
    if (typeof port === 'number' && typeof host === 'string')
      return super.connect({ port, host, lookup: this.policyLookup });
    return (super.connect as (...a: unknown[]) => this)(...args);
  }
}

/** TLS whose certificate was checked against trusted authorities (sslmode verify-ca / verify-full). */
function verifiedTls(ssl: pg.ClientConfig['ssl']): boolean {
  return typeof ssl === 'object' && ssl !== null && ssl.rejectUnauthorized === true;
}

/**
 * A node-postgres client that sends the password only for SCRAM, or over TLS with a verified
 * certificate: a server asking for it in clear text or as an MD5 hash (anyone's server, given a host
 * and port) gets nothing, like libpq's `require_auth=scram-sha-256`. The password is handed over by
 * a function, so an empty one never falls back to PGPASSWORD or ~/.pgpass either.
 */
export class GuardedClient extends pg.Client {
  constructor(config: GuardedClientConfig = {}) {
    const { lookup, password, ...rest } = config;
    const secret = typeof password === 'string' ? password : '';
    const where = rest.host?.startsWith('/')
      ? `the server at ${rest.host}`
      : `the server at ${rest.host ?? 'localhost'}:${rest.port ?? 5432}`;
    let refusal: TargetRefused | undefined;
    super({
      ...rest,
      // Called only after an authentication request, whichever kind; refusing here sends nothing.
      password: () => {
        if (refusal) throw refusal;
        return secret;
      },
      ...(lookup ? { stream: () => new PolicySocket(lookup) } : {}),
    });
    const refuse = (how: string) => () => {
      if (verifiedTls(rest.ssl)) return;
      refusal = new TargetRefused(
        'insecure_auth',
        `${where} asked for the password ${how} without a verified TLS connection, so AskDB did not send it; ` +
          'use scram-sha-256 authentication on the server, or sslmode "verify-ca" / "verify-full"',
      );
    };
    // Registered before connect() attaches the client's own handlers, so these run first.
    this.connection.on('authenticationCleartextPassword', refuse('in clear text'));
    this.connection.on('authenticationMD5Password', refuse('as an MD5 hash'));
  }
}
