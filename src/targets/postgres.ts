import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { GuardedClient, type GuardedClientConfig } from './guarded-client.ts';
import { TargetGuard } from './guard.ts';
import { loginWarnings } from './privileges.ts';
import { TargetRefused } from './refused.ts';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export const sslModes: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface TargetParams {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
  sslMode: SslMode;
}

export type FailureReason =
  | 'host_unreachable'
  | 'auth_failed'
  | 'database_missing'
  | 'no_connect_privilege'
  | 'ssl_required'
  | 'ssl_unsupported'
  | 'certificate_invalid'
  | 'timeout'
  | 'network_policy'
  | 'app_database'
  | 'insecure_auth'
  | 'other';

export interface TestResult {
  ok: boolean;
  message: string;
  server_version: string | null;
  latency_ms: number | null;
  reason?: FailureReason;
  /** Advice about the login itself, e.g. that it is a superuser or can write; empty when all is well. */
  warnings: string[];
}

const applicationName = 'askdb';
const defaultConnectTimeoutMs = 10_000;

function ignore(): void {}

// ---------------------------------------------------------------------------------------------
// SSL modes

/** What node-postgres gets as `ssl`: `false` for a plain connection, else TLS options. */
type Tls = false | ConnectionOptions;

const encryptOnly = (): ConnectionOptions => ({ rejectUnauthorized: false });

/** The TLS setting to try first for a mode and, for prefer/allow, the one to fall back to. */
function tlsPlan(mode: SslMode): { first: Tls; fallback?: Tls } {
  switch (mode) {
    case 'disable':
      return { first: false };
    case 'allow':
      return { first: false, fallback: encryptOnly() };
    case 'prefer':
      return { first: encryptOnly(), fallback: false };
    case 'require':
      return { first: encryptOnly() };
    case 'verify-ca':
      return { first: { rejectUnauthorized: true, checkServerIdentity: () => undefined } };
    case 'verify-full':
      return { first: { rejectUnauthorized: true } };
  }
}

interface ErrorFacts {
  code: string | undefined;
  message: string;
}

function factsOf(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) return { code: undefined, message: String(error) };
  const code = (error as { code?: unknown }).code;
  // With several addresses for a name, node reports one AggregateError; its first error says why.
  if (code === undefined && error instanceof AggregateError && error.errors[0] !== undefined)
    return factsOf(error.errors[0]);
  return { code: typeof code === 'string' ? code : undefined, message: error.message };
}

const sslUnsupportedMessage = 'The server does not support SSL connections';

/** pg_hba.conf refused the connection because of its encryption (PostgreSQL ≥ 12 and older wording). */
function hbaRefusedEncryption(facts: ErrorFacts, encrypted: boolean): boolean {
  if (facts.code !== '28000' || !facts.message.includes('pg_hba.conf')) return false;
  return encrypted ? /(SSL encryption|SSL on)$/.test(facts.message) : /(no encryption|SSL off)$/.test(facts.message);
}

/** Whether a refusal of this attempt's encryption makes prefer/allow worth trying the other way. */
function refusedForEncryption(error: unknown, encrypted: boolean): boolean {
  const facts = factsOf(error);
  if (encrypted && facts.message === sslUnsupportedMessage) return true;
  return hbaRefusedEncryption(facts, encrypted);
}

// ---------------------------------------------------------------------------------------------
// Connecting

function clientConfig(
  params: TargetParams,
  ssl: Tls,
  connectTimeoutMs: number,
  guard: TargetGuard,
): GuardedClientConfig {
  return {
    host: params.host,
    port: params.port,
    database: params.database,
    user: params.username,
    // GuardedClient hands it over only to SCRAM or a verified TLS server, and never swaps an empty
    // one for PGPASSWORD or ~/.pgpass (this server's own secrets).
    password: params.password,
    ssl,
    application_name: applicationName,
    connectionTimeoutMillis: connectTimeoutMs,
    lookup: guard.lookupFor(params),
  };
}

interface Connected {
  client: pg.Client;
  tls: Tls;
}

async function connectOnce(params: TargetParams, tls: Tls, timeoutMs: number, guard: TargetGuard): Promise<Connected> {
  const client = new GuardedClient({ ...clientConfig(params, tls, timeoutMs, guard), query_timeout: timeoutMs });
  // A socket error after connecting also fails the pending query; unheard, it would crash the process.
  client.on('error', ignore);
  try {
    await client.connect();
    return { client, tls };
  } catch (error) {
    await client.end().catch(ignore);
    throw error;
  }
}

/**
 * Connects one client as the SSL mode says (falling back once for prefer and allow), inside the
 * guard: network policy first, then the check that this is not AskDB's own database.
 */
async function connectClient(params: TargetParams, timeoutMs: number, guard: TargetGuard): Promise<Connected> {
  await guard.beforeConnect(params);
  const { first, fallback } = tlsPlan(params.sslMode);
  let connected: Connected;
  try {
    connected = await connectOnce(params, first, timeoutMs, guard);
  } catch (error) {
    if (fallback === undefined || !refusedForEncryption(error, first !== false)) throw error;
    connected = await connectOnce(params, fallback, timeoutMs, guard);
  }
  try {
    await guard.afterConnect(connected.client, params);
    return connected;
  } catch (error) {
    await connected.client.end().catch(ignore);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Failures in plain words

function address(params: Pick<TargetParams, 'host' | 'port'>): string {
  return isIPv6(params.host) ? `[${params.host}]:${params.port}` : `${params.host}:${params.port}`;
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

const unreachableBecause: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name could not be resolved right now (DNS lookup failed)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
};

const timeoutMessages = new Set([
  'timeout expired', // pg.Client connectionTimeoutMillis
  'Connection terminated due to connection timeout', // pg.Pool, new client
  'timeout exceeded when trying to connect', // pg.Pool, waiting for a free client
  'Query read timeout', // query_timeout
]);

const selfSignedCodes = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const untrustedCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'INVALID_CA',
]);

type Described = { reason: FailureReason; message: string };

function describeCertificate(facts: ErrorFacts, params: TargetParams): Described | undefined {
  const checking = `sslmode "${params.sslMode}" verifies it`;
  const orRequire = 'use sslmode "require" to encrypt without verifying the certificate';
  const invalid = (message: string): Described => ({ reason: 'certificate_invalid', message });
  const code = facts.code ?? '';
  if (selfSignedCodes.has(code))
    return invalid(`The server's SSL certificate is self-signed, so it cannot be trusted (${checking}); ${orRequire}`);
  if (untrustedCodes.has(code))
    return invalid(`The server's SSL certificate is not signed by a trusted authority (${checking}); ${orRequire}`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return invalid(
      `The server's SSL certificate is not valid for the host name "${params.host}"; connect with the name on the certificate, or use sslmode "verify-ca"`,
    );
  if (code === 'CERT_HAS_EXPIRED') return invalid(`The server's SSL certificate has expired (${checking})`);
  if (code === 'CERT_NOT_YET_VALID') return invalid(`The server's SSL certificate is not valid yet (${checking})`);
  return undefined;
}

function describeServerRefusal(facts: ErrorFacts, params: TargetParams): Described | undefined {
  const user = `"${params.username}"`;
  const database = `"${params.database}"`;
  const { code, message } = facts;
  if (code === '28P01' || (code === '28000' && /password authentication failed/i.test(message)))
    return { reason: 'auth_failed', message: `Password authentication failed for user ${user}` };
  if (message.includes('client password must be a non-empty string'))
    return { reason: 'auth_failed', message: `The server asks for a password for user ${user}, and none was given` };
  if (code === '3D000')
    return { reason: 'database_missing', message: `Database ${database} does not exist on ${params.host}` };
  if (code === '42501' && /permission denied for database/i.test(message))
    return {
      reason: 'no_connect_privilege',
      message: `User ${user} may not connect to database ${database} (no CONNECT privilege)`,
    };
  if (code === '28000') {
    if (hbaRefusedEncryption(facts, false))
      return {
        reason: 'ssl_required',
        message: `${address(params)} accepts only SSL connections from here; use sslmode "require" (or "verify-ca" / "verify-full")`,
      };
    if (message.includes('pg_hba.conf'))
      return {
        reason: 'other',
        message: `The server's pg_hba.conf does not let user ${user} connect to database ${database} from this address${hbaRefusedEncryption(facts, true) ? ' over SSL' : ''}`,
      };
    if (/authentication failed/i.test(message))
      return { reason: 'auth_failed', message: `Authentication failed: ${message}` };
    if (/role ".*" does not exist/.test(message))
      return { reason: 'auth_failed', message: `User ${user} does not exist on ${params.host}` };
    if (/not permitted to log in/.test(message))
      return { reason: 'auth_failed', message: `User ${user} is not allowed to log in (the role lacks LOGIN)` };
  }
  if (code === '53300')
    return { reason: 'other', message: `${address(params)} has no free connection slots (too many connections)` };
  if (code === '57P03')
    return { reason: 'other', message: `${address(params)} is not accepting connections right now: ${message}` };
  return undefined;
}

function describe(facts: ErrorFacts, params: TargetParams, timeoutMs: number): Described {
  const where = address(params);
  const { code, message } = facts;
  if (code === 'ETIMEDOUT' || timeoutMessages.has(message))
    return { reason: 'timeout', message: `No answer from ${where} within ${seconds(timeoutMs)}` };
  const unreachable = code === undefined ? undefined : unreachableBecause[code];
  if (unreachable) return { reason: 'host_unreachable', message: `Cannot reach ${where}: ${unreachable}` };
  if (message === sslUnsupportedMessage)
    return {
      reason: 'ssl_unsupported',
      message: `${where} does not support SSL connections; enable SSL on the server, or use sslmode "prefer" or "disable"`,
    };
  const described = describeCertificate(facts, params) ?? describeServerRefusal(facts, params);
  if (described) return described;
  if (message === 'Connection terminated unexpectedly' || code === 'ECONNRESET')
    return {
      reason: 'other',
      message: `${where} closed the connection before it was ready (is it a PostgreSQL server?)`,
    };
  return { reason: 'other', message: `Could not connect to ${where}: ${message}` };
}

/** Blanks the password out of text, should any error ever carry it. */
function withoutPassword(text: string, password: string): string {
  // A password of a few characters would also match ordinary words; such messages stay readable.
  if (password.length < 4) return text;
  return [password, encodeURIComponent(password)].reduce((out, secret) => out.split(secret).join('***'), text);
}

/** Turns a connection error into a reason code and a message for the person who entered `params`. */
export function describeTargetError(
  error: unknown,
  params: TargetParams,
  timeoutMs: number = defaultConnectTimeoutMs,
): { reason: FailureReason; message: string } {
  if (error instanceof TargetRefused) return { reason: error.reason, message: error.message };
  const { reason, message } = describe(factsOf(error), params, timeoutMs);
  return { reason, message: withoutPassword(message, params.password) };
}

// ---------------------------------------------------------------------------------------------
// Test a connection

export async function testTarget(
  params: TargetParams,
  options: { timeoutMs?: number; guard?: TargetGuard } = {},
): Promise<TestResult> {
  const timeoutMs = options.timeoutMs ?? defaultConnectTimeoutMs;
  const started = performance.now();
  let connected: Connected | undefined;
  try {
    connected = await connectClient(params, timeoutMs, options.guard ?? new TargetGuard());
    const { rows } = await connected.client.query<{ version: string }>(
      "select current_setting('server_version') as version",
    );
    const latency = Math.round(performance.now() - started);
    const client = connected.client;
    // Advice only: a server whose catalog cannot answer this still passes the test.
    const warnings = await loginWarnings(async (sql) => (await client.query(sql)).rows, params.username).catch(
      () => [],
    );
    const version = rows[0]?.version ?? '';
    const overSsl = connected.tls === false ? '' : ' over SSL';
    return {
      ok: true,
      message: `Connected to PostgreSQL ${version.split(' ')[0]} at ${address(params)}${overSsl} in ${latency} ms`,
      server_version: version,
      latency_ms: latency,
      warnings,
    };
  } catch (error) {
    const { reason, message } = describeTargetError(error, params, timeoutMs);
    return { ok: false, message, server_version: null, latency_ms: null, reason, warnings: [] };
  } finally {
    await connected?.client.end().catch(ignore);
  }
}

// ---------------------------------------------------------------------------------------------
// Pools, one per connection

interface PoolEntry {
  fingerprint: string;
  pool: Promise<pg.Pool>;
  /** The pool once open, for the figures at /metrics. */
  open?: pg.Pool;
  closed?: Promise<void>;
}

/** Clients of pools at a moment: in use, idle, and requests waiting for one. */
export interface PoolFigures {
  pools: number;
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

export interface TargetPoolsOptions {
  maxPools?: number;
  maxClientsPerPool?: number;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Network policy and the app-database check, applied to every test and every new pool. */
  guard?: TargetGuard;
}

export class TargetPools {
  private readonly maxClientsPerPool: number;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly guard: TargetGuard;
  /** Keys the fingerprints, so a fingerprint cannot be checked against guessed passwords. */
  private readonly fingerprintKey = randomBytes(32);
  private readonly entries: LRUCache<string, PoolEntry>;

  constructor(options: TargetPoolsOptions = {}) {
    this.maxClientsPerPool = options.maxClientsPerPool ?? 3;
    this.connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    this.guard = options.guard ?? new TargetGuard();
    // dispose runs on eviction, on replacement by set(), on delete() and on clear().
    this.entries = new LRUCache<string, PoolEntry>({
      max: options.maxPools ?? 50,
      dispose: (entry) => void this.close(entry),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** How full the open pools are, summed over every connection. */
  figures(): PoolFigures {
    const open = [...this.entries.values()].flatMap((entry) => (entry.open ? [entry.open] : []));
    return {
      pools: open.length,
      max: open.length * this.maxClientsPerPool,
      total: open.reduce((n, pool) => n + pool.totalCount, 0),
      idle: open.reduce((n, pool) => n + pool.idleCount, 0),
      waiting: open.reduce((n, pool) => n + pool.waitingCount, 0),
    };
  }

  /** Tests `params` live under this server's guard (network policy, not AskDB's own database). */
  test(params: TargetParams, options: { timeoutMs?: number } = {}): Promise<TestResult> {
    return testTarget(params, { ...options, guard: this.guard });
  }

  /**
   * A pool for connection `id`; a changed `params` (fingerprint) replaces the old pool.
   * For sslmode prefer/allow a first connection decides on TLS, so a failure to connect rejects here.
   */
  get(id: string, params: TargetParams): Promise<pg.Pool> {
    const fingerprint = this.fingerprint(params);
    const existing = this.entries.get(id);
    if (existing?.fingerprint === fingerprint) return existing.pool;
    const entry: PoolEntry = { fingerprint, pool: this.open(params) };
    this.entries.set(id, entry);
    entry.pool
      .then((pool) => (entry.open = pool))
      .catch(() => {
        if (this.entries.peek(id) === entry) this.entries.delete(id);
      });
    return entry.pool;
  }

  async drop(id: string): Promise<void> {
    const entry = this.entries.peek(id);
    if (!entry) return;
    this.entries.delete(id);
    await this.close(entry);
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => this.close(entry)));
  }

  private fingerprint(params: TargetParams): string {
    const { host, port, database, username, password, sslMode } = params;
    return createHmac('sha256', this.fingerprintKey)
      .update(JSON.stringify([host, port, database, username, password, sslMode]))
      .digest('base64url');
  }

  /**
   * A first client passes the guard (and, for prefer/allow, decides on TLS) before the pool exists;
   * the pool's own clients refuse insecure password requests and resolve names under the policy.
   */
  private async open(params: TargetParams): Promise<pg.Pool> {
    const { client, tls } = await connectClient(params, this.connectTimeoutMs, this.guard);
    await client.end().catch(ignore);
    const pool = new pg.Pool({
      ...clientConfig(params, tls, this.connectTimeoutMs, this.guard),
      Client: GuardedClient as unknown as new () => pg.ClientBase,
      max: this.maxClientsPerPool,
      idleTimeoutMillis: this.idleTimeoutMs,
    });
    // An idle client lost its server: the pool has already dropped it, nothing is waiting on it.
    pool.on('error', ignore);
    // A checked-out client may lose its socket between queries; its next query fails instead.
    pool.on('connect', (client) => client.on('error', ignore));
    return pool;
  }

  private close(entry: PoolEntry): Promise<void> {
    entry.closed ??= entry.pool.then(
      (pool) => pool.end().catch(ignore),
      () => undefined,
    );
    return entry.closed;
  }
}
