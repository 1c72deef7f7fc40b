import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { connectionShares, connections, type Connection, type SharePermission } from '../db/schema.ts';
import { Forbidden, NotFound } from '../errors.ts';

/**
 * Every action any module performs on a connection, and the least permission it needs.
 * chat: ask questions, see own chats; view: chat + intelligence and statistics; owner: everything.
 */
export const actionPermission = {
  read: 'chat',
  ask: 'chat',
  'read-intelligence': 'view',
  'run-sql': 'view',
  'read-history': 'view',
  edit: 'owner',
  test: 'owner',
  delete: 'owner',
  reanalyze: 'owner',
  'manage-shares': 'owner',
  'edit-intelligence': 'owner',
  'manage-examples': 'owner',
} as const satisfies Record<string, SharePermission>;

export type Action = keyof typeof actionPermission;

const rank: Record<SharePermission, number> = { chat: 1, view: 2, owner: 3 };

export function permits(permission: SharePermission, action: Action): boolean {
  return rank[permission] >= rank[actionPermission[action]];
}

export interface Access {
  connection: Connection;
  permission: SharePermission;
}

/** The caller's permission on a connection, or undefined when they have none (or it does not exist). */
export async function permissionOf(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  connectionId: string,
): Promise<Access | undefined> {
  const [row] = await ctx.db
    .select({ connection: connections, shared: connectionShares.permission })
    .from(connections)
    .leftJoin(
      connectionShares,
      and(eq(connectionShares.connectionId, connections.id), eq(connectionShares.userId, userId)),
    )
    .where(eq(connections.id, connectionId))
    .limit(1);
  if (!row) return undefined;
  if (row.connection.ownerId === userId) return { connection: row.connection, permission: 'owner' };
  return row.shared ? { connection: row.connection, permission: row.shared } : undefined;
}

/** Whether the user may share some connection (owns it or holds an owner share): who needs to find people. */
export async function canShareAny(ctx: Pick<AppContext, 'db'>, userId: string): Promise<boolean> {
  const [owned] = await ctx.db
    .select({ id: connections.id })
    .from(connections)
    .where(eq(connections.ownerId, userId))
    .limit(1);
  if (owned) return true;
  const [co] = await ctx.db
    .select({ id: connectionShares.connectionId })
    .from(connectionShares)
    .where(and(eq(connectionShares.userId, userId), eq(connectionShares.permission, 'owner')))
    .limit(1);
  return co !== undefined;
}

/**
 * May user U do action A on connection C? Throws NotFound when U has no access at all (the
 * connection's existence is not revealed) and Forbidden when U's permission is too low.
 */
export async function authorize(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  connectionId: string,
  action: Action,
): Promise<Access> {
  const access = await permissionOf(ctx, userId, connectionId);
  if (!access) throw new NotFound('Connection not found');
  if (!permits(access.permission, action))
    throw new Forbidden(
      `This needs ${actionPermission[action]} permission on the connection; you have ${access.permission}`,
    );
  return access;
}
