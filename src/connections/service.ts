import { and, desc, eq, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { connectionShares, connections, users, type Connection, type SharePermission } from '../db/schema.ts';
import { Invalid, NotFound, Unprocessable } from '../errors.ts';
import type { TargetParams, TestResult } from '../targets/postgres.ts';

export type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'analysis'>;

export interface ConnectionInput extends TargetParams {
  name: string;
  description?: string | null;
}

export interface ConnectionChanges extends Partial<ConnectionInput> {
  /** Functions off the guard's built-in allowlist that queries may call (`name` or `schema.name`). */
  allowedFunctions?: string[];
}

export interface ListedConnection {
  connection: Connection;
  permission: SharePermission;
  ownerUsername: string;
}

export function targetParams(deps: Pick<Deps, 'vault'>, connection: Connection): TargetParams {
  return {
    host: connection.host,
    port: connection.port,
    database: connection.database,
    username: connection.username,
    password: deps.vault.decrypt(connection.encryptedPassword),
    sslMode: connection.sslMode,
  };
}

/**
 * Tests the target under the server's guard (network policy, not AskDB's own database) and turns a
 * failure into a 422 carrying the reason in plain words.
 */
async function mustConnect(deps: Pick<Deps, 'targets'>, params: TargetParams): Promise<TestResult> {
  const result = await deps.targets.test(params);
  if (!result.ok) throw new Unprocessable(`Could not connect: ${result.message}`, { reason: result.reason });
  return result;
}

export async function listConnections(deps: Pick<Deps, 'db'>, userId: string): Promise<ListedConnection[]> {
  const rows = await deps.db
    .select({ connection: connections, shared: connectionShares.permission, ownerUsername: users.username })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.ownerId))
    .leftJoin(
      connectionShares,
      and(eq(connectionShares.connectionId, connections.id), eq(connectionShares.userId, userId)),
    )
    .where(or(eq(connections.ownerId, userId), eq(connectionShares.userId, userId)))
    .orderBy(desc(connections.createdAt));
  return rows.map((row) => ({
    connection: row.connection,
    permission: row.connection.ownerId === userId ? 'owner' : row.shared!,
    ownerUsername: row.ownerUsername,
  }));
}

export async function ownerName(deps: Pick<Deps, 'db'>, connection: Connection): Promise<string> {
  const [owner] = await deps.db
    .select({ username: users.username })
    .from(users)
    .where(eq(users.id, connection.ownerId));
  return owner?.username ?? '';
}

export async function createConnection(
  deps: Deps,
  ownerId: string,
  input: ConnectionInput,
  options: { skipTest: boolean },
): Promise<Connection> {
  return (await addConnection(deps, ownerId, input, options)).connection;
}

/** Creates a connection; `warnings` are the live test's advice about the login (e.g. a superuser). */
export async function addConnection(
  deps: Deps,
  ownerId: string,
  input: ConnectionInput,
  options: { skipTest: boolean },
): Promise<{ connection: Connection; warnings: string[] }> {
  const tested = options.skipTest ? undefined : await mustConnect(deps, { ...input });
  const [created] = await deps.db
    .insert(connections)
    .values({
      ownerId,
      name: input.name,
      description: input.description ?? null,
      host: input.host,
      port: input.port,
      database: input.database,
      username: input.username,
      encryptedPassword: deps.vault.encrypt(input.password),
      sslMode: input.sslMode,
      serverVersion: tested?.server_version ?? null,
      status: 'pending',
      statusMessage: 'Waiting for analysis',
    })
    .returning();
  return { connection: await requestAnalysis(deps, created!), warnings: tested?.warnings ?? [] };
}

const credentialFields = ['host', 'port', 'database', 'username', 'password', 'sslMode'] as const;
/** Where and as whom we log in: changing any of these must not send the stored password there. */
const addressFields = ['host', 'port', 'database', 'username', 'sslMode'] as const;
const addressNames: Record<(typeof addressFields)[number], string> = {
  host: 'host',
  port: 'port',
  database: 'database',
  username: 'username',
  sslMode: 'ssl_mode',
};

/** Changing where or how we log in re-tests the target and marks the connection for re-analysis. */
/**
 * Where and as whom the connection would log in with `changes` applied. Refuses (400) a new address
 * without a new password: AskDB never sends a stored password to a new server, database or user.
 */
function nextTarget(
  deps: Pick<Deps, 'vault'>,
  connection: Connection,
  changes: Partial<TargetParams>,
): { current: TargetParams; next: TargetParams } {
  const current = targetParams(deps, connection);
  const next: TargetParams = {
    host: changes.host ?? current.host,
    port: changes.port ?? current.port,
    database: changes.database ?? current.database,
    username: changes.username ?? current.username,
    password: changes.password ?? current.password,
    sslMode: changes.sslMode ?? current.sslMode,
  };
  const moved = addressFields.filter((field) => next[field] !== current[field]);
  if (moved.length > 0 && changes.password === undefined)
    throw new Invalid(
      `Changing ${moved.map((field) => addressNames[field]).join(', ')} needs the password again: AskDB never sends a stored password to a new server, database or user`,
      { fields: moved.map((field) => addressNames[field]) },
    );
  return { current, next };
}

export async function updateConnection(
  deps: Deps,
  connection: Connection,
  changes: ConnectionChanges,
  options: { skipTest: boolean },
): Promise<Connection> {
  const { current, next } = nextTarget(deps, connection, changes);
  const credentialsChanged = credentialFields.some((field) => next[field] !== current[field]);
  const tested = credentialsChanged && !options.skipTest ? await mustConnect(deps, next) : undefined;
  const [updated] = await deps.db
    .update(connections)
    .set({
      name: changes.name ?? connection.name,
      description: changes.description === undefined ? connection.description : changes.description,
      host: next.host,
      port: next.port,
      database: next.database,
      username: next.username,
      ...(changes.password === undefined ? {} : { encryptedPassword: deps.vault.encrypt(changes.password) }),
      sslMode: next.sslMode,
      ...(changes.allowedFunctions === undefined
        ? {}
        : { allowedFunctions: [...new Set(changes.allowedFunctions)].sort() }),
      ...(tested ? { serverVersion: tested.server_version } : {}),
      updatedAt: new Date(),
    })
    .where(eq(connections.id, connection.id))
    .returning();
  if (!updated) throw new NotFound('Connection not found');
  if (!credentialsChanged) return updated;
  await deps.targets.drop(connection.id);
  return requestAnalysis(deps, updated);
}

/** Removes the connection and everything hanging off it (shares, insights, chats, index: FK cascades). */
export async function deleteConnection(deps: Deps, connection: Connection): Promise<void> {
  await deps.db.delete(connections).where(eq(connections.id, connection.id));
  await deps.targets.drop(connection.id);
}

/**
 * Tests the values being edited, before they are saved (nothing is stored): the stored password is
 * used only when the address is unchanged.
 */
export async function testEditedConnection(
  deps: Deps,
  connection: Connection,
  changes: Partial<TargetParams>,
): Promise<TestResult> {
  const { current, next } = nextTarget(deps, connection, changes);
  if (credentialFields.every((field) => next[field] === current[field])) return testStoredConnection(deps, connection);
  return deps.targets.test(next);
}

export async function testStoredConnection(deps: Deps, connection: Connection): Promise<TestResult> {
  const result = await deps.targets.test(targetParams(deps, connection));
  if (result.ok && result.server_version !== connection.serverVersion) {
    await deps.db
      .update(connections)
      .set({ serverVersion: result.server_version })
      .where(eq(connections.id, connection.id));
  }
  return result;
}

/** Records that an analysis is wanted and queues it (coalesced with one already waiting). */
export async function requestAnalysis(
  deps: Pick<Deps, 'db' | 'analysis'>,
  connection: Connection,
): Promise<Connection> {
  const busy = ['analyzing', 'indexing', 'updating'].includes(connection.status);
  const [updated] = await deps.db
    .update(connections)
    .set({
      analysisRequestedAt: new Date(),
      // Earlier insights stay usable while the new analysis waits and runs.
      ...(busy
        ? {}
        : { status: connection.lastAnalyzedAt ? 'updating' : 'pending', statusMessage: 'Queued for analysis' }),
    })
    .where(eq(connections.id, connection.id))
    .returning();
  await deps.analysis.request(connection.id);
  return updated ?? connection;
}

/** What analysis records on its connection as it goes: status, progress, message, when it finished. */
export type AnalysisState = Partial<
  Pick<
    typeof connections.$inferInsert,
    | 'status'
    | 'statusMessage'
    | 'analysisProgress'
    | 'analysisRequestedAt'
    | 'lastAnalyzedAt'
    | 'serverVersion'
    | 'updatedAt'
  >
>;

/** Records analysis state on a connection (analysis calls it; no other module writes the table). */
export async function recordAnalysisState(
  deps: Pick<Deps, 'db'>,
  connectionId: string,
  state: AnalysisState,
): Promise<void> {
  await deps.db.update(connections).set(state).where(eq(connections.id, connectionId));
}

/**
 * Marks the connection changed (`updated_at`) without changing it: every process then rebuilds what
 * it keeps in memory for it (see retrieval's KnowledgeCache).
 */
export async function touchConnection(deps: Pick<Deps, 'db'>, connectionId: string): Promise<void> {
  await deps.db.update(connections).set({ updatedAt: new Date() }).where(eq(connections.id, connectionId));
}

export interface ShareRow {
  userId: string;
  username: string;
  email: string;
  permission: SharePermission;
  createdAt: Date;
}

export async function listShares(deps: Pick<Deps, 'db'>, connectionId: string): Promise<ShareRow[]> {
  return deps.db
    .select({
      userId: connectionShares.userId,
      username: users.username,
      email: users.email,
      permission: connectionShares.permission,
      createdAt: connectionShares.createdAt,
    })
    .from(connectionShares)
    .innerJoin(users, eq(users.id, connectionShares.userId))
    .where(eq(connectionShares.connectionId, connectionId))
    .orderBy(users.username);
}

/** Shares with a user (or changes their permission). Returns whether the share is new. */
export async function shareConnection(
  deps: Pick<Deps, 'db'>,
  connection: Connection,
  actingUserId: string,
  target: { userId?: string; username?: string },
  permission: SharePermission,
): Promise<{ share: ShareRow; created: boolean }> {
  const [user] = await deps.db
    .select()
    .from(users)
    .where(target.userId ? eq(users.id, target.userId) : eq(users.username, (target.username ?? '').toLowerCase()))
    .limit(1);
  if (!user?.isActive)
    throw new Unprocessable('No such user to share with', { field: target.userId ? 'user_id' : 'username' });
  if (user.id === actingUserId) throw new Unprocessable('You cannot share a connection with yourself');
  if (user.id === connection.ownerId) throw new Unprocessable('This user owns the connection already');
  const existing = await deps.db
    .select({ userId: connectionShares.userId })
    .from(connectionShares)
    .where(and(eq(connectionShares.connectionId, connection.id), eq(connectionShares.userId, user.id)));
  await deps.db
    .insert(connectionShares)
    .values({ connectionId: connection.id, userId: user.id, permission })
    .onConflictDoUpdate({ target: [connectionShares.connectionId, connectionShares.userId], set: { permission } });
  const [share] = (await listShares(deps, connection.id)).filter((s) => s.userId === user.id);
  return { share: share!, created: existing.length === 0 };
}

export async function unshareConnection(deps: Pick<Deps, 'db'>, connection: Connection, userId: string): Promise<void> {
  if (userId === connection.ownerId) throw new Unprocessable('The owner of a connection cannot be removed from it');
  const removed = await deps.db
    .delete(connectionShares)
    .where(and(eq(connectionShares.connectionId, connection.id), eq(connectionShares.userId, userId)))
    .returning();
  if (removed.length === 0) throw new NotFound('This user has no share on the connection');
}
