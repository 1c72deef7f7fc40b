import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionPermission,
  authorize,
  canShareAny,
  permissionOf,
  permits,
  type Action,
} from '../../src/connections/access.ts';
import type { SharePermission } from '../../src/db/schema.ts';
import { Forbidden, NotFound } from '../../src/errors.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';

const actions = Object.keys(actionPermission) as Action[];
const permissions: SharePermission[] = ['chat', 'view', 'owner'];

/** The reviewed table: which permission may do what. */
const allowed: Record<SharePermission, Action[]> = {
  chat: ['read', 'ask'],
  view: ['read', 'ask', 'read-intelligence', 'run-sql', 'read-history'],
  owner: actions,
};

describe('permits', () => {
  it('each action needs the reviewed least permission', () => {
    expect(actionPermission).toEqual({
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
    });
  });

  it.each(permissions)('%s may do exactly its actions', (permission) => {
    expect(actions.filter((action) => permits(permission, action))).toEqual(allowed[permission]);
  });
});

describe('on the app database', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let other: Awaited<ReturnType<typeof signUp>>;
  const sharees = {} as Record<SharePermission, Awaited<ReturnType<typeof signUp>>>;
  let connectionId: string;
  let unsharedId: string;

  async function createConnection(headers: Record<string, string>, name: string): Promise<string> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/connections?skip_test=true',
      headers,
      payload: { name, host: '127.0.0.1', port: 5432, database: 'postgres', username: 'postgres', password: 'pw' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  beforeAll(async () => {
    t = await startApp({ WORKER: 'off' });
    owner = await signUp(t.app);
    other = await signUp(t.app);
    for (const permission of permissions) sharees[permission] = await signUp(t.app);
    connectionId = await createConnection(owner.headers, 'shared');
    unsharedId = await createConnection(owner.headers, 'unshared');
    for (const permission of permissions) {
      const shared = await t.app.inject({
        method: 'POST',
        url: `/connections/${connectionId}/shares`,
        headers: owner.headers,
        payload: { user_id: sharees[permission].user.id, permission },
      });
      expect(shared.statusCode, shared.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('the owner has owner permission; each sharee has the permission shared; others have none', async () => {
    expect(await permissionOf(t.ctx, owner.user.id, connectionId)).toMatchObject({
      permission: 'owner',
      connection: { id: connectionId, name: 'shared' },
    });
    for (const permission of permissions) {
      expect(await permissionOf(t.ctx, sharees[permission].user.id, connectionId)).toMatchObject({
        permission,
        connection: { id: connectionId },
      });
      // A share on one connection gives nothing on another of the same owner.
      expect(await permissionOf(t.ctx, sharees[permission].user.id, unsharedId)).toBeUndefined();
    }
    expect(await permissionOf(t.ctx, other.user.id, connectionId)).toBeUndefined();
    expect(await permissionOf(t.ctx, owner.user.id, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('authorize returns the access, or NotFound for no access and Forbidden naming both permissions', async () => {
    expect(await authorize(t.ctx, sharees.view.user.id, connectionId, 'run-sql')).toMatchObject({
      permission: 'view',
      connection: { id: connectionId },
    });
    expect(await authorize(t.ctx, sharees.owner.user.id, connectionId, 'delete')).toMatchObject({
      permission: 'owner',
    });
    const forbidden = await authorize(t.ctx, sharees.chat.user.id, connectionId, 'run-sql').catch(
      (error: unknown) => error,
    );
    expect(forbidden).toBeInstanceOf(Forbidden);
    expect((forbidden as Error).message).toBe('This needs view permission on the connection; you have chat');
    const notOwner = await authorize(t.ctx, sharees.view.user.id, connectionId, 'edit').catch(
      (error: unknown) => error,
    );
    expect((notOwner as Error).message).toBe('This needs owner permission on the connection; you have view');
    const hidden = await authorize(t.ctx, other.user.id, connectionId, 'read').catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(NotFound);
    expect((hidden as Error).message).toBe('Connection not found');
  });

  it('canShareAny: owners and co-owners may, chat and view sharees and others may not', async () => {
    expect(await canShareAny(t.ctx, owner.user.id)).toBe(true);
    expect(await canShareAny(t.ctx, sharees.owner.user.id)).toBe(true);
    expect(await canShareAny(t.ctx, sharees.view.user.id)).toBe(false);
    expect(await canShareAny(t.ctx, sharees.chat.user.id)).toBe(false);
    expect(await canShareAny(t.ctx, other.user.id)).toBe(false);
  });
});
