import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, mcpFixture, type McpFixture } from './fixture.ts';
import { mcpScenario } from './scenario.ts';

let f: McpFixture;
beforeAll(async () => {
  f = await mcpFixture('mcphttp');
});
afterAll(() => f.close());

const connect = (token: string) =>
  connectClient(
    new StreamableHTTPClientTransport(new URL(`${f.baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );

describe('MCP over Streamable HTTP at /mcp', () => {
  mcpScenario(() => f, connect);

  const initialize = (headers: Record<string, string>) =>
    fetch(`${f.baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
      }),
    });

  it('needs a bearer token', async () => {
    const response = await initialize({});
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.message).toMatch(/Authentication required/);
  });

  it('checks Origin: browsers from other sites are refused, before the token is even read', async () => {
    const evil = await initialize({ origin: 'http://evil.example', authorization: `Bearer ${f.tokens.owner}` });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as any).error.message).toBe('Origin http://evil.example may not call the MCP endpoint');
    const rebound = await initialize({
      origin: f.baseUrl.replace('127.0.0.1', 'attacker.example'),
      authorization: `Bearer ${f.tokens.owner}`,
    });
    expect(rebound.status).toBe(403);
    const allowed = await initialize({ origin: 'http://localhost:5173', authorization: `Bearer ${f.tokens.owner}` });
    expect(allowed.status).toBe(200);
    const scripted = await initialize({ authorization: `Bearer ${f.tokens.owner}` });
    expect(scripted.status).toBe(200);
    expect(((await scripted.json()) as any).result.serverInfo).toMatchObject({ name: 'askdb' });
  });

  it('is stateless: GET and DELETE answer 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${f.baseUrl}/mcp`, {
        method,
        headers: { authorization: `Bearer ${f.tokens.owner}` },
      });
      expect(response.status, method).toBe(405);
    }
  });

  it("a login's access token works too", async () => {
    const client = await connect(f.owner.access_token);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(5);
    await client.close();
  });
});
