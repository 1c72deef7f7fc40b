import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { bearer, signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop } from '../chat/helpers.ts';

type SignedUp = Awaited<ReturnType<typeof signUp>>;

export interface McpFixture {
  t: TestApp;
  shop: ScratchDatabase;
  connectionId: string;
  /** http://127.0.0.1:PORT of the listening app. */
  baseUrl: string;
  owner: SignedUp;
  chatter: SignedUp;
  stranger: SignedUp;
  /** Personal access tokens of owner, chatter (chat share) and stranger (no access). */
  tokens: { owner: string; chatter: string; stranger: string };
  newToken(user: SignedUp, name?: string): Promise<{ id: string; token: string }>;
  revoke(user: SignedUp, id: string): Promise<void>;
  close(): Promise<void>;
}

/** An app listening on a free port, the shop analysed, an owner, a chat sharee and a stranger, each with a personal access token. */
export async function mcpFixture(prefix: string): Promise<McpFixture> {
  const t = await startApp();
  const owner = await signUp(t.app, `${prefix}_owner`);
  const chatter = await signUp(t.app, `${prefix}_chatter`);
  const stranger = await signUp(t.app, `${prefix}_stranger`);
  const { db: shop, connectionId } = await connectedShop(t, owner);
  await t.app.inject({
    method: 'POST',
    url: `/connections/${connectionId}/shares`,
    headers: owner.headers,
    payload: { user_id: chatter.user.id, permission: 'chat' },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const newToken = async (user: SignedUp, name = 'mcp test') => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/auth/tokens',
      headers: user.headers,
      payload: { name },
    });
    if (created.statusCode !== 201) throw new Error(created.body);
    return created.json() as { id: string; token: string };
  };
  return {
    t,
    shop,
    connectionId,
    baseUrl: `http://127.0.0.1:${port}`,
    owner,
    chatter,
    stranger,
    tokens: {
      owner: (await newToken(owner)).token,
      chatter: (await newToken(chatter)).token,
      stranger: (await newToken(stranger)).token,
    },
    newToken,
    async revoke(user, id) {
      const response = await t.app.inject({
        method: 'DELETE',
        url: `/auth/tokens/${id}`,
        headers: bearer(user.access_token),
      });
      if (response.statusCode !== 204) throw new Error(response.body);
    },
    async close() {
      await t.close();
      await shop.drop();
    },
  };
}

/** An SDK client connected over `transport`. */
export async function connectClient(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'askdb-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}
