import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { parseSse } from './helpers.ts';

/** Public links of chats follow their creator's access; owners see and revoke all of them. No analysis needed: WORKER off. */
let t: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
const target = {
  name: 'links',
  host: '127.0.0.1',
  port: 5432,
  database: 'postgres',
  username: 'postgres',
  password: 'pw',
};

beforeAll(async () => {
  t = await startApp({ WORKER: 'off' });
  owner = await signUp(t.app, 'links_owner');
});
afterAll(() => t.close());

async function newConnection(): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/connections?skip_test=true',
    headers: owner.headers,
    payload: target,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}

async function share(connectionId: string, user: { user: { id: string } }, permission: 'chat' | 'view' | 'owner') {
  const response = await t.app.inject({
    method: 'POST',
    url: `/connections/${connectionId}/shares`,
    headers: owner.headers,
    payload: { user_id: user.user.id, permission },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** A chat of `user` on the connection, shared by public link through the API; returns its session id and token. */
async function publicChat(connectionId: string, user: Awaited<ReturnType<typeof signUp>>, title: string) {
  const [session] = await t.ctx.database.query<{ id: string }>(
    `insert into chat_sessions (connection_id, user_id, title) values ($1, $2, $3) returning id`,
    [connectionId, user.user.id, title],
  );
  await t.ctx.database.query(
    `insert into chat_messages (session_id, question, kind, answer, engine) values ($1, $2, 'chitchat', 'Hello.', 'builtin')`,
    [session!.id, title],
  );
  const shared = await t.app.inject({
    method: 'POST',
    url: `/chat/${connectionId}/sessions/${session!.id}/share`,
    headers: user.headers,
    payload: { shared: true },
  });
  expect(shared.statusCode, shared.body).toBe(200);
  return { sessionId: session!.id, token: shared.json().share_token as string };
}

const publicView = (token: string) => t.app.inject({ method: 'GET', url: `/chat/public/${token}` });
const links = (connectionId: string, headers = owner.headers) =>
  t.app.inject({ method: 'GET', url: `/connections/${connectionId}/public-links`, headers });

describe('public links of chats', () => {
  it("revoking a user's share revokes the public links they made on that connection", async () => {
    const connectionId = await newConnection();
    const other = await newConnection();
    const sharee = await signUp(t.app);
    await share(connectionId, sharee, 'chat');
    await share(other, sharee, 'chat');
    const here = await publicChat(connectionId, sharee, 'Orders per month');
    const there = await publicChat(other, sharee, 'Elsewhere');
    const mine = await publicChat(connectionId, owner, 'Owner chat');
    expect((await publicView(here.token)).statusCode).toBe(200);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/shares/${sharee.user.id}`,
      headers: owner.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await publicView(here.token)).statusCode).toBe(404);
    // Sharing again does not bring the old link back.
    await share(connectionId, sharee, 'chat');
    expect((await publicView(here.token)).statusCode).toBe(404);
    // Links on other connections and other people's links are untouched.
    expect((await publicView(there.token)).statusCode).toBe(200);
    expect((await publicView(mine.token)).statusCode).toBe(200);
  });

  it('a link made before this rule stops working once its creator has no access', async () => {
    const connectionId = await newConnection();
    const sharee = await signUp(t.app);
    await share(connectionId, sharee, 'view');
    const link = await publicChat(connectionId, sharee, 'Left behind');
    // The share removed behind the API's back, as an older version did: the link stays in the table.
    await t.ctx.database.query('delete from connection_shares where connection_id = $1 and user_id = $2', [
      connectionId,
      sharee.user.id,
    ]);
    expect((await publicView(link.token)).statusCode).toBe(404);
  });

  it('the owner lists every public link of the connection and revokes any of them', async () => {
    const connectionId = await newConnection();
    const sharee = await signUp(t.app);
    const coOwner = await signUp(t.app);
    await share(connectionId, sharee, 'chat');
    await share(connectionId, coOwner, 'owner');
    const theirs = await publicChat(connectionId, sharee, 'Sharee chat');
    const mine = await publicChat(connectionId, owner, 'Owner chat');
    await t.ctx.database.query(`insert into chat_sessions (connection_id, user_id, title) values ($1, $2, 'Private')`, [
      connectionId,
      sharee.user.id,
    ]);

    const listed = await links(connectionId);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toHaveLength(2);
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        {
          session_id: theirs.sessionId,
          title: 'Sharee chat',
          created_by: { id: sharee.user.id, username: sharee.user.username },
          shared_at: expect.any(String),
        },
        {
          session_id: mine.sessionId,
          title: 'Owner chat',
          created_by: { id: owner.user.id, username: owner.user.username },
          shared_at: expect.any(String),
        },
      ]),
    );
    expect(listed.body).not.toContain(theirs.token);
    // Only owners: a chat sharee gets 403, a co-owner sees them all.
    expect((await links(connectionId, sharee.headers)).statusCode).toBe(403);
    expect((await links(connectionId, coOwner.headers)).json()).toHaveLength(2);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/public-links/${theirs.sessionId}`,
      headers: coOwner.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await publicView(theirs.token)).statusCode).toBe(404);
    expect((await links(connectionId)).json().map((l: { session_id: string }) => l.session_id)).toEqual([
      mine.sessionId,
    ]);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/public-links/${theirs.sessionId}`,
      headers: owner.headers,
    });
    expect(again.statusCode).toBe(404);
    const bySharee = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/public-links/${mine.sessionId}`,
      headers: sharee.headers,
    });
    expect(bySharee.statusCode).toBe(403);
    expect((await publicView(mine.token)).statusCode).toBe(200);
  });
});

describe('leaving a connection', () => {
  it('a sharee leaves a connection shared with them, and their public links there stop working', async () => {
    const connectionId = await newConnection();
    const sharee = await signUp(t.app);
    await share(connectionId, sharee, 'view');
    const link = await publicChat(connectionId, sharee, 'Mine');
    const listed = async () =>
      (await t.app.inject({ method: 'GET', url: '/connections', headers: sharee.headers }))
        .json()
        .map((c: { id: string }) => c.id);
    expect(await listed()).toContain(connectionId);

    const leave = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/shares/me`,
      headers: sharee.headers,
    });
    expect(leave.statusCode).toBe(204);
    expect(await listed()).not.toContain(connectionId);
    expect(
      (await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: sharee.headers })).statusCode,
    ).toBe(404);
    expect((await publicView(link.token)).statusCode).toBe(404);
    // Gone means gone: a second leave finds no connection.
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/connections/${connectionId}/shares/me`, headers: sharee.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('the owner cannot leave their own connection (400), and a stranger learns nothing (404)', async () => {
    const connectionId = await newConnection();
    const ownerLeaves = await t.app.inject({
      method: 'DELETE',
      url: `/connections/${connectionId}/shares/me`,
      headers: owner.headers,
    });
    expect(ownerLeaves.statusCode).toBe(400);
    expect(ownerLeaves.json().error.message).toMatch(/own this connection/);
    const stranger = await signUp(t.app);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/connections/${connectionId}/shares/me`,
          headers: stranger.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('streamed questions', () => {
  const askStreamed = (connectionId: string, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/chat/${connectionId}`,
      headers: { ...headers, accept: 'text/event-stream' },
      payload: { question: 'How many orders?' },
    });

  it('are refused with their own status before the stream starts: 401 without login, 404 without access, 409 before analysis', async () => {
    const connectionId = await newConnection();
    const anonymous = await askStreamed(connectionId, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/json/);
    expect(anonymous.json().error.code).toBe('unauthorized');
    const stranger = await signUp(t.app);
    const noAccess = await askStreamed(connectionId, stranger.headers);
    expect(noAccess.statusCode).toBe(404);
    expect(noAccess.headers['content-type']).toMatch(/application\/json/);
    expect(noAccess.json().error.code).toBe('not_found');
    const notReady = await askStreamed(connectionId, owner.headers);
    expect(notReady.statusCode).toBe(409);
    expect(notReady.json().error.code).toBe('conflict');
  });

  it('still stream once the question may run', async () => {
    const connectionId = await newConnection();
    await t.ctx.database.query(`update connections set last_analyzed_at = now(), status = 'ready' where id = $1`, [
      connectionId,
    ]);
    const streamed = await askStreamed(connectionId, owner.headers);
    expect(streamed.statusCode).toBe(200);
    expect(streamed.headers['content-type']).toMatch(/text\/event-stream/);
    expect(parseSse(streamed.body).at(-1)!.event).toMatch(/answer|error/);
  });
});
