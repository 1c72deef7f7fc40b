import { z } from 'zod';
import type { Connection, SharePermission } from '../db/schema.ts';
import type { ShareRow } from './service.ts';

export const permissionEnum = z.enum(['chat', 'view', 'owner']);

export const connectionOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  username: z.string(),
  ssl_mode: z.string(),
  status: z.string(),
  status_message: z.string().nullable(),
  analysis_progress: z.number().int(),
  analysis_requested_at: z.string().nullable(),
  last_analyzed_at: z.string().nullable(),
  server_version: z.string().nullable(),
  /** Functions off the built-in allowlist that queries on this connection may call. */
  allowed_functions: z.array(z.string()),
  owner: z.object({ id: z.uuid(), username: z.string() }),
  permission: permissionEnum,
  created_at: z.string(),
  updated_at: z.string(),
});

export type ConnectionOut = z.infer<typeof connectionOut>;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The connection as its users see it: never the password, not even encrypted. */
export function presentConnection(
  connection: Connection,
  permission: SharePermission,
  ownerUsername: string,
): ConnectionOut {
  return {
    id: connection.id,
    name: connection.name,
    description: connection.description,
    host: connection.host,
    port: connection.port,
    database: connection.database,
    username: connection.username,
    ssl_mode: connection.sslMode,
    status: connection.status,
    status_message: connection.statusMessage,
    analysis_progress: connection.analysisProgress,
    analysis_requested_at: iso(connection.analysisRequestedAt),
    last_analyzed_at: iso(connection.lastAnalyzedAt),
    server_version: connection.serverVersion,
    allowed_functions: connection.allowedFunctions,
    owner: { id: connection.ownerId, username: ownerUsername },
    permission,
    created_at: connection.createdAt.toISOString(),
    updated_at: connection.updatedAt.toISOString(),
  };
}

export const shareOut = z.object({
  user_id: z.uuid(),
  username: z.string(),
  email: z.string(),
  permission: permissionEnum,
  created_at: z.string(),
});

export function presentShare(share: ShareRow): z.infer<typeof shareOut> {
  return {
    user_id: share.userId,
    username: share.username,
    email: share.email,
    permission: share.permission,
    created_at: share.createdAt.toISOString(),
  };
}
