import { readFileSync } from 'node:fs';
import pg from 'pg';

const shopFixtureSql = readFileSync(new URL('./shop-fixture.sql', import.meta.url), 'utf8');

export async function loadShop(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(shopFixtureSql);
  } finally {
    await client.end();
  }
}
