/**
 * Round trips of the MCP `ask` tool: `npx tsx bench/mcp-roundtrip.ts --connection NAME|ID ["question"] [--runs 10]`
 * against a running AskDB (ASKDB_URL, default http://127.0.0.1:8000; ASKDB_TOKEN, a personal access token).
 *
 * Times, with the SDK's own client: connecting (initialize) and `ask` over Streamable HTTP at /mcp, and
 * over stdio through `askdb mcp` (a child process relaying to /mcp, as Claude Desktop starts it); and,
 * in the same run, the baseline: the same question through the REST API (POST /chat/{id}).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { connection: { type: 'string', short: 'c' }, runs: { type: 'string', default: '10' } },
});
const url = (process.env.ASKDB_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const token = process.env.ASKDB_TOKEN;
const question = positionals.join(' ') || 'How many customers are there?';
const runs = Number(values.runs);
if (!token || !values.connection) {
  console.error(
    'Usage: ASKDB_URL=… ASKDB_TOKEN=askdb_pat_… npx tsx bench/mcp-roundtrip.ts --connection NAME|ID ["question"] [--runs 10]',
  );
  process.exit(1);
}
const connection = values.connection;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p90: at(0.9), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function viaMcp(name: string, transport: () => Transport) {
  const client = new Client({ name: 'askdb-bench', version: '1.0.0' });
  const [connectMs] = await timed(() => client.connect(transport()));
  const samples: number[] = [];
  let kind = '';
  for (let i = 0; i < runs; i++) {
    const [ms, result] = await timed(() => client.callTool({ name: 'ask', arguments: { connection, question } }));
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    kind = (result.structuredContent as { kind: string }).kind;
    samples.push(ms);
  }
  await client.close();
  return { name, connectMs, kind, ...stats(samples) };
}

async function viaRest() {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const list = (await (await fetch(`${url}/connections`, { headers })).json()) as { id: string; name: string }[];
  const id = list.find((c) => c.id === connection || c.name.toLowerCase() === connection.toLowerCase())?.id;
  if (!id) throw new Error(`no connection ${connection}`);
  const samples: number[] = [];
  let kind = '';
  for (let i = 0; i < runs; i++) {
    const [ms, body] = await timed(async () =>
      (await fetch(`${url}/chat/${id}`, { method: 'POST', headers, body: JSON.stringify({ question }) })).json(),
    );
    kind = (body as { kind: string }).kind;
    samples.push(ms);
  }
  return { name: 'REST POST /chat/{id} (baseline)', connectMs: 0, kind, ...stats(samples) };
}

const bin = fileURLToPath(new URL('../bin/askdb.js', import.meta.url));
const rows = [
  await viaRest(),
  await viaMcp(
    'MCP Streamable HTTP /mcp',
    () =>
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
  ),
  await viaMcp(
    'MCP stdio (askdb mcp → /mcp)',
    () =>
      new StdioClientTransport({
        command: process.execPath,
        args: [bin, 'mcp'],
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ASKDB_URL: url, ASKDB_TOKEN: token },
        stderr: 'inherit',
      }),
  ),
];

console.log(`ask "${question}" on ${connection}, ${runs} runs each (ms)`);
const ms = (n: number) => n.toFixed(1).padStart(8);
console.log(
  `${'transport'.padEnd(36)}${'connect'.padStart(8)}${'median'.padStart(8)}${'p90'.padStart(8)}${'min'.padStart(8)}${'max'.padStart(8)}  kind`,
);
for (const r of rows)
  console.log(`${r.name.padEnd(36)}${ms(r.connectMs)}${ms(r.median)}${ms(r.p90)}${ms(r.min)}${ms(r.max)}  ${r.kind}`);
