import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { urlFor } from '../helpers/pg.ts';

/**
 * Every route of the router × {anonymous, stranger, chat, view, co-owner, owner}. The first test reads
 * the routes from Fastify's own router and fails when one has neither a row here nor a place in the
 * public list, so a new route cannot ship without a rule. After every refusal the fixture must be
 * exactly as it was.
 */
type Role = 'anonymous' | 'stranger' | 'chat' | 'view' | 'coowner' | 'owner';
const roles: Role[] = ['anonymous', 'stranger', 'chat', 'view', 'coowner', 'owner'];

interface Fixture {
  connectionId: string;
  insightId: string;
  sessionId: string;
  messageId: string;
  exampleId: string;
  otherUserId: string;
  sharedUserId: string;
}
/** `freshLogin`: the call ends the caller's login, so it runs on a login of its own. */
type Row = { request: (f: Fixture) => InjectOptions; expect: Record<Role, number>; freshLogin?: boolean };

const target = {
  name: 'matrix',
  host: '127.0.0.1',
  port: 5432,
  database: 'postgres',
  username: 'postgres',
  password: 'pw',
};
// A co-owner holds an owner share: the owner's rights on the connection, but not the owner's own chats.
const everyone = (status: number) => ({
  anonymous: 401,
  stranger: status,
  chat: status,
  view: status,
  coowner: status,
  owner: status,
});
const ownerOnly = (status: number) => ({
  anonymous: 401,
  stranger: 404,
  chat: 403,
  view: 403,
  coowner: status,
  owner: status,
});
const anyAccess = (status: number) => ({
  anonymous: 401,
  stranger: 404,
  chat: status,
  view: status,
  coowner: status,
  owner: status,
});
const ownerOfSession = (status: number) => ({
  anonymous: 401,
  stranger: 404,
  chat: 404,
  view: 404,
  coowner: 404,
  owner: status,
});
const viewAccess = (status: number) => ({
  anonymous: 401,
  stranger: 404,
  chat: 403,
  view: status,
  coowner: status,
  owner: status,
});

/** Routes anyone may call without signing in, each with what it serves. */
const publicRoutes: Record<string, string> = {
  'GET /': 'the web app',
  'OPTIONS *': 'CORS preflight',
  'GET /index.html': 'the web app',
  'GET /favicon.svg': 'an icon',
  'GET /favicon.ico': 'an icon',
  'GET /docs': 'the API documentation',
  'GET /docs*': 'the API documentation',
  'GET /docs/json': 'the OpenAPI document',
  'GET /docs/yaml': 'the OpenAPI document',
  'GET /docs/static/index.html': 'the API documentation',
  'GET /docs/static/swagger-initializer.js': 'the API documentation',
  'GET /openapi.json': 'the OpenAPI document',
  'GET /metrics': 'Prometheus metrics (their own access rule, test/system)',
  'GET /system/health': 'health for load balancers',
  'POST /auth/register': 'signing up',
  'POST /auth/login': 'signing in',
  'POST /auth/refresh': 'a refresh token is the credential',
  'GET /chat/public/{share_token}': 'a shared chat: the token is the credential',
  'GET /mcp': '405 to everyone: the MCP endpoint is stateless',
  'DELETE /mcp': '405 to everyone: the MCP endpoint is stateless',
};

/** Every METHOD /path Fastify's router holds (HEAD, added beside each GET, left out), in OpenAPI's {param} form. */
function routerRoutes(printed: string): string[] {
  const routes: string[] = [];
  const pathAt: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (pathAt[depth - 1] ?? '') + match[2]!;
    pathAt[depth] = path;
    pathAt.length = depth + 1;
    const url = path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/^\/\//, '/');
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${url}`);
  }
  return routes;
}

const matrix: Record<string, Row> = {
  'GET /auth/me': { request: () => ({ method: 'GET', url: '/auth/me' }), expect: everyone(200) },
  'POST /auth/logout': {
    request: () => ({ method: 'POST', url: '/auth/logout', payload: { refresh_token: 'not-a-real-token' } }),
    expect: everyone(204),
    freshLogin: true,
  },
  'POST /auth/tokens': {
    request: () => ({ method: 'POST', url: '/auth/tokens', payload: { name: 'matrix' } }),
    expect: everyone(201),
  },
  'GET /auth/tokens': { request: () => ({ method: 'GET', url: '/auth/tokens' }), expect: everyone(200) },
  // Nobody has this token: revoking someone else's, or none, is the same 404.
  'DELETE /auth/tokens/{id}': {
    request: () => ({ method: 'DELETE', url: '/auth/tokens/00000000-0000-4000-8000-000000000000' }),
    expect: everyone(404),
  },
  // Any signed-in user may speak MCP; each tool checks the connection (test/mcp covers the tools by role).
  'POST /mcp': {
    request: () => ({
      method: 'POST',
      url: '/mcp',
      headers: { accept: 'application/json, text/event-stream' },
      payload: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
    }),
    expect: everyone(200),
  },
  'GET /users/search': { request: () => ({ method: 'GET', url: '/users/search?q=ma' }), expect: everyone(200) },
  'PUT /users/me': {
    request: () => ({ method: 'PUT', url: '/users/me', payload: { email: undefined, username: undefined } }),
    expect: everyone(400),
  },
  'POST /users/me/change-password': {
    request: () => ({
      method: 'POST',
      url: '/users/me/change-password',
      payload: { current_password: 'wrong-one', new_password: 'whatever-new-1' },
    }),
    expect: everyone(422),
  },
  'GET /connections': { request: () => ({ method: 'GET', url: '/connections' }), expect: everyone(200) },
  'POST /connections': {
    request: () => ({ method: 'POST', url: '/connections?skip_test=true', payload: target }),
    expect: everyone(201),
  },
  'POST /connections/from-url': {
    request: () => ({
      method: 'POST',
      url: '/connections/from-url?skip_test=true',
      payload: { url: urlFor('postgres') },
    }),
    expect: everyone(201),
  },
  // No demo runs in this app (server mode): everyone signed in is told so.
  'POST /connections/demo': { request: () => ({ method: 'POST', url: '/connections/demo' }), expect: everyone(503) },
  'GET /connections/{id}': {
    request: (f) => ({ method: 'GET', url: `/connections/${f.connectionId}` }),
    expect: anyAccess(200),
  },
  'PUT /connections/{id}': {
    request: (f) => ({ method: 'PUT', url: `/connections/${f.connectionId}`, payload: { description: 'changed' } }),
    expect: ownerOnly(200),
  },
  'DELETE /connections/{id}': {
    request: (f) => ({ method: 'DELETE', url: `/connections/${f.connectionId}` }),
    expect: ownerOnly(204),
  },
  'POST /connections/{id}/test': {
    request: (f) => ({ method: 'POST', url: `/connections/${f.connectionId}/test` }),
    expect: ownerOnly(200),
  },
  'POST /connections/{id}/reanalyze': {
    request: (f) => ({ method: 'POST', url: `/connections/${f.connectionId}/reanalyze` }),
    expect: ownerOnly(202),
  },
  'GET /connections/{id}/shares': {
    request: (f) => ({ method: 'GET', url: `/connections/${f.connectionId}/shares` }),
    expect: ownerOnly(200),
  },
  'POST /connections/{id}/shares': {
    request: (f) => ({
      method: 'POST',
      url: `/connections/${f.connectionId}/shares`,
      payload: { user_id: f.otherUserId, permission: 'chat' },
    }),
    expect: ownerOnly(201),
  },
  'DELETE /connections/{id}/shares/{user_id}': {
    request: (f) => ({ method: 'DELETE', url: `/connections/${f.connectionId}/shares/${f.sharedUserId}` }),
    expect: ownerOnly(204),
  },
  // Leaving: every sharee may; the owner is told they cannot (400); strangers learn nothing.
  'DELETE /connections/{id}/shares/me': {
    request: (f) => ({ method: 'DELETE', url: `/connections/${f.connectionId}/shares/me` }),
    expect: { anonymous: 401, stranger: 404, chat: 204, view: 204, coowner: 204, owner: 400 },
  },
  'GET /connections/{id}/public-links': {
    request: (f) => ({ method: 'GET', url: `/connections/${f.connectionId}/public-links` }),
    expect: ownerOnly(200),
  },
  'DELETE /connections/{id}/public-links/{session_id}': {
    request: (f) => ({ method: 'DELETE', url: `/connections/${f.connectionId}/public-links/${f.sessionId}` }),
    expect: ownerOnly(204),
  },
  'POST /connections/{id}/sql': {
    request: (f) => ({
      method: 'POST',
      url: `/connections/${f.connectionId}/sql`,
      payload: { sql: 'select 1 as one' },
    }),
    expect: viewAccess(200),
  },
  'GET /intelligence/{connection_id}/insights': {
    request: (f) => ({ method: 'GET', url: `/intelligence/${f.connectionId}/insights` }),
    expect: viewAccess(200),
  },
  'GET /intelligence/{connection_id}/stats': {
    request: (f) => ({ method: 'GET', url: `/intelligence/${f.connectionId}/stats` }),
    expect: viewAccess(200),
  },
  'GET /intelligence/{connection_id}/search': {
    request: (f) => ({ method: 'GET', url: `/intelligence/${f.connectionId}/search?q=widgets` }),
    expect: viewAccess(200),
  },
  'GET /intelligence/{connection_id}/terms': {
    request: (f) => ({ method: 'GET', url: `/intelligence/${f.connectionId}/terms` }),
    expect: anyAccess(200),
  },
  // The owner passes the permission check and reaches validation: the table does not exist.
  'POST /intelligence/{connection_id}/terms': {
    request: (f) => ({
      method: 'POST',
      url: `/intelligence/${f.connectionId}/terms`,
      payload: { name: 'matrix', kind: 'measure', table: 'no_such_table', expression: 'count(*)' },
    }),
    expect: ownerOnly(400),
  },
  // The owner passes the permission check and gets the verdict (no such table) as 200.
  'POST /intelligence/{connection_id}/terms/validate': {
    request: (f) => ({
      method: 'POST',
      url: `/intelligence/${f.connectionId}/terms/validate`,
      payload: { kind: 'measure', table: 'no_such_table', expression: 'count(*)' },
    }),
    expect: ownerOnly(200),
  },
  // No language model in this app: the owner passes the permission check and gets 409.
  'POST /intelligence/{connection_id}/terms/propose': {
    request: (f) => ({ method: 'POST', url: `/intelligence/${f.connectionId}/terms/propose` }),
    expect: ownerOnly(409),
  },
  'PUT /intelligence/{connection_id}/terms/{id}': {
    request: (f) => ({
      method: 'PUT',
      url: `/intelligence/${f.connectionId}/terms/00000000-0000-4000-8000-000000000000`,
      payload: { status: 'accepted' },
    }),
    expect: ownerOnly(404),
  },
  'DELETE /intelligence/{connection_id}/terms/{id}': {
    request: (f) => ({
      method: 'DELETE',
      url: `/intelligence/${f.connectionId}/terms/00000000-0000-4000-8000-000000000000`,
    }),
    expect: ownerOnly(404),
  },
  'GET /intelligence/{connection_id}/terms.yaml': {
    request: (f) => ({ method: 'GET', url: `/intelligence/${f.connectionId}/terms.yaml` }),
    expect: viewAccess(200),
  },
  'PUT /intelligence/{connection_id}/terms.yaml': {
    request: (f) => ({
      method: 'PUT',
      url: `/intelligence/${f.connectionId}/terms.yaml`,
      headers: { 'content-type': 'application/yaml' },
      payload: 'terms: []\n',
    }),
    expect: ownerOnly(200),
  },
  'PUT /intelligence/{connection_id}/insights/{id}': {
    request: (f) => ({
      method: 'PUT',
      url: `/intelligence/${f.connectionId}/insights/${f.insightId}`,
      payload: { summary: 'Edited by a person' },
    }),
    expect: ownerOnly(200),
  },
  'GET /system/connections/{id}/status': {
    request: (f) => ({ method: 'GET', url: `/system/connections/${f.connectionId}/status` }),
    expect: anyAccess(200),
  },
  'GET /system/connections/{id}/sql-history': {
    request: (f) => ({ method: 'GET', url: `/system/connections/${f.connectionId}/sql-history` }),
    expect: viewAccess(200),
  },
  'GET /system/stats': { request: () => ({ method: 'GET', url: '/system/stats' }), expect: everyone(200) },
  'POST /chat/{connection_id}': {
    // The fixture connection was never analysed: everyone with access is told to wait.
    request: (f) => ({ method: 'POST', url: `/chat/${f.connectionId}`, payload: { question: 'How many widgets?' } }),
    expect: anyAccess(409),
  },
  'GET /chat/{connection_id}/suggestions': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/suggestions` }),
    expect: anyAccess(200),
  },
  'GET /chat/{connection_id}/sessions': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/sessions` }),
    expect: anyAccess(200),
  },
  'GET /chat/{connection_id}/sessions/{id}': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/sessions/${f.sessionId}` }),
    expect: ownerOfSession(200),
  },
  'DELETE /chat/{connection_id}/sessions/{id}': {
    request: (f) => ({ method: 'DELETE', url: `/chat/${f.connectionId}/sessions/${f.sessionId}` }),
    expect: ownerOfSession(204),
  },
  'POST /chat/{connection_id}/sessions/{id}/share': {
    request: (f) => ({ method: 'POST', url: `/chat/${f.connectionId}/sessions/${f.sessionId}/share` }),
    expect: ownerOfSession(200),
  },
  'GET /chat/{connection_id}/messages/{message_id}/csv': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/messages/${f.messageId}/csv` }),
    expect: ownerOfSession(200),
  },
  'POST /chat/{connection_id}/messages/{message_id}/feedback': {
    request: (f) => ({
      method: 'POST',
      url: `/chat/${f.connectionId}/messages/${f.messageId}/feedback`,
      payload: { correct: true },
    }),
    expect: ownerOfSession(200),
  },
  // Editing SQL needs view permission (chat users are told so), and only on one's own answers.
  'POST /chat/{connection_id}/messages/{message_id}/run': {
    request: (f) => ({
      method: 'POST',
      url: `/chat/${f.connectionId}/messages/${f.messageId}/run`,
      payload: { sql: 'select 2 as two' },
    }),
    expect: { anonymous: 401, stranger: 404, chat: 403, view: 404, coowner: 404, owner: 200 },
  },
  'POST /chat/{connection_id}/messages/{message_id}/answer': {
    request: (f) => ({
      method: 'POST',
      url: `/chat/${f.connectionId}/messages/${f.messageId}/answer`,
      payload: { sql: 'select 2 as two' },
    }),
    expect: { anonymous: 401, stranger: 404, chat: 403, view: 404, coowner: 404, owner: 201 },
  },
  'GET /chat/{connection_id}/messages/{message_id}/next': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/messages/${f.messageId}/next` }),
    expect: ownerOfSession(200),
  },
  'GET /chat/{connection_id}/examples': {
    request: (f) => ({ method: 'GET', url: `/chat/${f.connectionId}/examples` }),
    expect: ownerOnly(200),
  },
  'DELETE /chat/{connection_id}/examples/{id}': {
    request: (f) => ({ method: 'DELETE', url: `/chat/${f.connectionId}/examples/${f.exampleId}` }),
    expect: ownerOnly(204),
  },
};

let t: TestApp;
let people: Record<Exclude<Role, 'anonymous'>, Awaited<ReturnType<typeof signUp>>>;
let bystander: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  t = await startApp({ WORKER: 'off' });
  people = {
    stranger: await signUp(t.app, 'matrix_stranger'),
    chat: await signUp(t.app, 'matrix_chat'),
    view: await signUp(t.app, 'matrix_view'),
    coowner: await signUp(t.app, 'matrix_coowner'),
    owner: await signUp(t.app, 'matrix_owner'),
  };
  bystander = await signUp(t.app, 'matrix_bystander');
});
afterAll(() => t.close());

async function freshLogin(person: Awaited<ReturnType<typeof signUp>>): Promise<Record<string, string>> {
  const login = await t.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username: person.user.username, password: person.password },
  });
  return bearer(login.json().access_token);
}

/** A fresh connection shared as chat, view and owner, so a destructive call by one role cannot affect the next. */
async function fixture(): Promise<Fixture> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/connections?skip_test=true',
    headers: people.owner.headers,
    payload: target,
  });
  const connectionId = created.json().id as string;
  for (const [role, permission] of [
    ['chat', 'chat'],
    ['view', 'view'],
    ['coowner', 'owner'],
  ] as const) {
    const shared = await t.app.inject({
      method: 'POST',
      url: `/connections/${connectionId}/shares`,
      headers: people.owner.headers,
      payload: { user_id: people[role].user.id, permission },
    });
    expect(shared.statusCode).toBe(201);
  }
  const [insight] = await t.ctx.database.query<{ id: string }>(
    `insert into table_insights (connection_id, schema_name, table_name, kind, info, summary, document, search_text)
     values ($1, 'public', 'widgets', 'table', $2, 'Widgets we sell', 'Widgets we sell', 'widgets') returning id`,
    [
      connectionId,
      JSON.stringify({
        schema: 'public',
        name: 'widgets',
        kind: 'table',
        comment: null,
        rowCount: 0,
        rowCountAccuracy: 'exact',
        columns: [],
        primaryKey: [],
        uniqueConstraints: [],
        foreignKeys: [],
        definition: null,
      }),
    ],
  );
  const [session] = await t.ctx.database.query<{ id: string }>(
    `insert into chat_sessions (connection_id, user_id, title, share_token, shared_at) values ($1, $2, 'Widgets', md5(random()::text), now()) returning id`,
    [connectionId, people.owner.user.id],
  );
  const [message] = await t.ctx.database.query<{ id: string }>(
    `insert into chat_messages (session_id, question, kind, answer, sql, engine) values ($1, 'How many widgets?', 'query', 'One.', 'SELECT 1 AS one', 'builtin') returning id`,
    [session!.id],
  );
  const [example] = await t.ctx.database.query<{ id: string }>(
    `insert into saved_examples (connection_id, question, sql, source) values ($1, 'How many widgets?', 'SELECT 1', 'confirmed') returning id`,
    [connectionId],
  );
  return {
    connectionId,
    insightId: insight!.id,
    sessionId: session!.id,
    messageId: message!.id,
    exampleId: example!.id,
    otherUserId: bystander.user.id,
    sharedUserId: people.chat.user.id,
  };
}

/** Everything about the fixture a call could change, as one comparable value. */
async function state(f: Fixture): Promise<unknown> {
  const [row] = await t.ctx.database.query<{ state: unknown }>(
    `select json_build_object(
       'connection', (select to_jsonb(c) - 'last_used_at' from connections c where c.id = $1),
       'shares', (select jsonb_agg(to_jsonb(s) order by s.user_id) from connection_shares s where s.connection_id = $1),
       'insights', (select jsonb_agg(to_jsonb(i) order by i.id) from table_insights i where i.connection_id = $1),
       'sessions', (select jsonb_agg(to_jsonb(cs) order by cs.id) from chat_sessions cs where cs.connection_id = $1),
       'messages', (select jsonb_agg(to_jsonb(m) order by m.id) from chat_messages m join chat_sessions cs on cs.id = m.session_id where cs.connection_id = $1),
       'examples', (select jsonb_agg(to_jsonb(e) order by e.id) from saved_examples e where e.connection_id = $1),
       'terms', (select count(*) from business_terms bt where bt.connection_id = $1)
     ) as state`,
    [f.connectionId],
  );
  return row!.state;
}

describe('authorization matrix', () => {
  it('has a rule for every route in the router, or names it public', () => {
    const routes = routerRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(60);
    const unruled = routes.filter(
      (route) => !(route in matrix) && !(route in publicRoutes) && !/^GET \/assets\//.test(route),
    );
    expect(unruled).toEqual([]);
    // And no stale rows: every row and public entry is a route. The web app's files are served only once
    // the UI is built (a fresh clone builds it in the UI tests, which may run after this one).
    const webApp = new Set(['GET /', 'GET /index.html', 'GET /favicon.svg', 'GET /favicon.ico']);
    const listed = [...Object.keys(matrix), ...Object.keys(publicRoutes)].filter((route) => !webApp.has(route));
    expect(listed.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('the public routes answer without signing in', async () => {
    for (const route of Object.keys(publicRoutes)) {
      const [method, path] = route.split(' ') as [InjectOptions['method'], string];
      const url = `/${path.replace(/^\//, '')}`.replace('{share_token}', 'no-such-token').replace('*', '/anything');
      const response = await t.app.inject({ method, url });
      expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).not.toBe(401);
    }
  });

  for (const [route, row] of Object.entries(matrix)) {
    it(route, async () => {
      for (const role of roles) {
        const f = await fixture();
        const headers =
          role === 'anonymous' ? {} : row.freshLogin ? await freshLogin(people[role]) : people[role].headers;
        const options = row.request(f);
        const before = await state(f);
        const response = await t.app.inject({ ...options, headers: { ...(options.headers ?? {}), ...headers } });
        expect(response.statusCode, `${route} as ${role}: ${response.body}`).toBe(row.expect[role]);
        if (response.statusCode >= 400) {
          expect(response.json().error.message).toEqual(expect.any(String));
          expect(await state(f), `${route} as ${role} was refused but changed the fixture`).toEqual(before);
        }
      }
    });
  }
});
