import { fileURLToPath } from 'node:url';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, mcpFixture, type McpFixture } from './fixture.ts';
import { mcpScenario } from './scenario.ts';

const bin = fileURLToPath(new URL('../../bin/askdb.js', import.meta.url));

let f: McpFixture;
beforeAll(async () => {
  f = await mcpFixture('mcpstdio');
});
afterAll(() => f.close());

/** `askdb mcp` as a child process, as an MCP client (Claude Desktop, an IDE) starts it. */
function spawnMcp(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { transport, stderr: () => stderr };
}

// Each client is a child process starting TypeScript through tsx: seconds each on a busy machine.
describe('askdb mcp over stdio, relaying to a running AskDB (ASKDB_URL)', { timeout: 60_000 }, () => {
  mcpScenario(
    () => f,
    (token) => connectClient(spawnMcp({ ASKDB_URL: f.baseUrl, ASKDB_TOKEN: token }).transport),
  );

  it('refuses to start with a revoked token, saying why on stderr', async () => {
    const { id, token } = await f.newToken(f.stranger, 'revoked before start');
    await f.revoke(f.stranger, id);
    const child = spawnMcp({ ASKDB_URL: f.baseUrl, ASKDB_TOKEN: token });
    await expect(connectClient(child.transport)).rejects.toThrow();
    expect(child.stderr()).toMatch(/refused ASKDB_TOKEN \(HTTP 401\): This access token is not valid/);
  });
});

describe('askdb mcp over stdio, in-process on the app database (DATABASE_URL)', { timeout: 60_000 }, () => {
  const inProcess = (token: string) =>
    spawnMcp({
      ASKDB_TOKEN: token,
      DATABASE_URL: f.t.ctx.config.DATABASE_URL!,
      DATA_DIR: f.t.ctx.config.dataDir,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DEMO: 'off',
      PUBLIC_URL: f.baseUrl,
    });
  mcpScenario(
    () => f,
    (token) => connectClient(inProcess(token).transport),
  );

  it('refuses to start with a token it does not know, saying why on stderr', async () => {
    const child = inProcess(`askdb_pat_${'x'.repeat(43)}`);
    await expect(connectClient(child.transport)).rejects.toThrow();
    expect(child.stderr()).toMatch(/ASKDB_TOKEN was refused: This access token is not valid/);
  });
});
