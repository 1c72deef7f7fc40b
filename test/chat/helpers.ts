import pg from 'pg';
import { expect } from 'vitest';
import { shopSql } from '../engine/shop.ts';
import { connectTarget, type signUp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

/** A shop database on the test server, connected as a connection of `owner` and analysed to ready. */
export async function connectedShop(
  t: TestApp,
  owner: Awaited<ReturnType<typeof signUp>>,
): Promise<{ db: ScratchDatabase; connectionId: string }> {
  const db = await createScratchDatabase('askdb_chat_shop');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(shopSql(true));
  await client.query('analyze');
  await client.end();
  const created = await connectTarget(t.app, owner.headers, db.name, '', 'Shop');
  expect(created.statusCode, created.body).toBe(201);
  const connectionId = created.json().id as string;
  for (let i = 0; i < 300; i++) {
    const c = (
      await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers })
    ).json();
    if (c.status === 'ready') return { db, connectionId };
    if (c.status === 'error') throw new Error(c.status_message);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('analysis did not finish');
}

/** Parses a text/event-stream body into its events. */
export function parseSse(body: string): { event: string; data: any }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      return { event, data };
    });
}
