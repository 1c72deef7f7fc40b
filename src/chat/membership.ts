import type { AppContext } from '../context.ts';
import type { Connection } from '../db/schema.ts';
import { Invalid } from '../errors.ts';
import { unshareConnection } from '../connections/service.ts';
import { revokeUserPublicLinks } from './public-links.ts';

/**
 * Someone stops being a member of a connection, removed by an owner or leaving by themselves: their
 * share goes, and so do the public links they made to their chats there (a link must not outlive the
 * access of the person who shared it).
 */
type Deps = Pick<AppContext, 'db'>;

export async function removeMember(deps: Deps, connection: Connection, userId: string): Promise<void> {
  await unshareConnection(deps, connection, userId);
  await revokeUserPublicLinks(deps, connection.id, userId);
}

/** The caller leaves a connection shared with them; its owner cannot leave it. */
export async function leaveConnection(deps: Deps, connection: Connection, userId: string): Promise<void> {
  if (connection.ownerId === userId)
    throw new Invalid('You own this connection, so you cannot leave it; delete it instead');
  await removeMember(deps, connection, userId);
}
