/**
 * What scale-out must keep true, checked over HTTP on a stack of two `serve` processes: a session
 * asked on one is read on the other, a link shared on the other is read on the first, and the
 * connection was analysed once (one analysis run in the app database, whatever the workers).
 */
import pg from 'pg';
import { call } from './setup.ts';
import type { Stack } from './stack.ts';

export async function crossProcessCheck(stack: Stack, question: string): Promise<string[]> {
  const [first, second] = stack.serves.map((s) => s.url);
  if (!first || !second || !stack.databaseUrl) return ['needs two serve processes on a PostgreSQL app database'];
  const user = stack.users[0]!;
  const path = `/chat/${stack.connectionId}`;
  const asked = await call(first, 'POST', path, { question }, user.token);
  const sessionId = asked.body?.session_id as string | undefined;
  const read = sessionId ? await call(second, 'GET', `${path}/sessions/${sessionId}`, undefined, user.token) : null;
  const readOk = read?.status === 200 && read.body.messages?.some((m: any) => m.message_id === asked.body.message_id);
  const shared = sessionId
    ? await call(second, 'POST', `${path}/sessions/${sessionId}/share`, { shared: true }, user.token)
    : null;
  const token = shared?.body?.share_token as string | undefined;
  const publicRead = token ? await call(first, 'GET', `/chat/public/${token}`) : null;
  const publicOk = publicRead?.status === 200 && publicRead.body.messages?.length > 0;

  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  let runs = -1;
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from analysis_runs where connection_id = $1',
      [stack.connectionId],
    );
    runs = rows[0]!.n;
  } finally {
    await client.end();
  }
  return [
    `a session asked on serve 1 is read on serve 2: ${readOk ? 'yes' : `NO (${asked.status} / ${read?.status})`}`,
    `a link shared on serve 2 is read on serve 1: ${publicOk ? 'yes' : `NO (${shared?.status} / ${publicRead?.status})`}`,
    `analysis runs of the connection with ${stack.workers.length} workers: ${runs} (target 1)`,
  ];
}
