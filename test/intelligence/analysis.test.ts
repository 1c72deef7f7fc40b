import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import { writeDocument } from '../../src/intelligence/documents.ts';
import type { ColumnInfo, DatabaseModel, TableInfo } from '../../src/intelligence/model.ts';
import { queryFnForPool, type QueryFn } from '../../src/intelligence/query.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

const fixture = readFileSync(new URL('./fixtures/shop.sql', import.meta.url), 'utf8');

let scratch: ScratchDatabase;
let model: DatabaseModel;
const progress: number[] = [];
const issued: string[] = [];
let seqTuplesRead: Record<string, number> = {};

/** Rows read by sequential and sample scans, per table, once the server has counted the last session's. */
async function readSeqTuples(
  url: string,
  settledBy?: (read: Record<string, number>) => boolean,
): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await client.query<{ relname: string; seq_tup_read: string }>(
        'SELECT relname, seq_tup_read FROM pg_stat_user_tables',
      );
      const read = Object.fromEntries(rows.map((r) => [r.relname, Number(r.seq_tup_read)]));
      if (!settledBy || settledBy(read) || attempt >= 40) return read;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase('askdb_analysis');
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  await client.query(fixture);
  await client.end();
  // The fixture's own reads (INSERT … SELECT) reach the statistics when its session has ended.
  seqTuplesRead = await readSeqTuples(scratch.url, (read) => (read.events ?? 0) >= 100_000);

  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  // A backend still closing when the database is dropped (WITH FORCE) reports 57P01 to the pool:
  // expected at teardown, not an error of the test.
  pool.on('error', () => {});
  const run = queryFnForPool(pool);
  const recording: QueryFn = (sql, params, options) => {
    issued.push(sql);
    return run(sql, params, options);
  };
  model = await analyzeDatabase(recording, {
    categoryThreshold: 100,
    sampleSize: 20,
    exactCountLimit: 10_000,
    fullScanLimit: 50_000,
    concurrency: 4,
    statementTimeoutMs: 10_000,
    onProgress: (percent) => progress.push(percent),
  });
  await pool.end();
}, 60_000);

afterAll(async () => {
  await scratch?.drop();
});

function table(schema: string, name: string): TableInfo {
  const found = model.tables.find((t) => t.schema === schema && t.name === name);
  if (!found) throw new Error(`no table ${schema}.${name}`);
  return found;
}

function column(t: TableInfo, name: string): ColumnInfo {
  const found = t.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} in ${t.name}`);
  return found;
}

const values = (c: ColumnInfo) => (c.profile?.categories ?? []).map((v) => v.value).sort();

describe('catalog', () => {
  it('lists tables, views and the materialized view of every user schema, with quoted and unicode names', () => {
    const names = model.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'public.customers:table',
        'public.ünïcode:table',
        'sales.Order Items:table',
        'Stock Room.products:table',
        'sales.order_totals:view',
        'sales.status_counts:materialized_view',
      ]),
    );
    expect(model.tables.some((t) => ['pg_catalog', 'information_schema'].includes(t.schema))).toBe(false);
    expect(column(table('public', 'ünïcode'), 'naïve').dataType).toBe('text');
    expect(table('sales', 'order_totals').definition).toMatch(/GROUP BY/i);
  });

  it('reads types, nullability, defaults, comments, keys and enum labels', () => {
    const customers = table('public', 'customers');
    expect(customers.comment).toBe('People who buy from the shop');
    expect(column(customers, 'email')).toMatchObject({
      dataType: 'character varying(255)',
      family: 'text',
      nullable: false,
      isUnique: true,
      comment: 'Login and contact address',
    });
    expect(column(customers, 'id')).toMatchObject({ isPrimaryKey: true, family: 'number' });
    expect(column(customers, 'id').default).toMatch(/nextval/);
    expect(column(customers, 'country').nullable).toBe(true);
    expect(customers.uniqueConstraints).toEqual([['email']]);
    expect(column(table('sales', 'orders'), 'status')).toMatchObject({
      family: 'enum',
      enumValues: ['pending', 'shipped', 'delivered', 'cancelled'],
    });
    expect(column(customers, 'preferences').family).toBe('json');
    expect(column(customers, 'avatar').family).toBe('binary');
  });

  it('reads composite primary keys and multi-column foreign keys across schemas', () => {
    const items = table('sales', 'Order Items');
    expect(items.primaryKey).toEqual(['order_id', 'line']);
    const declared = items.foreignKeys.filter((fk) => fk.origin === 'declared');
    expect(declared).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          columns: ['order_id'],
          referencedSchema: 'sales',
          referencedTable: 'orders',
          referencedColumns: ['id'],
        }),
        expect.objectContaining({
          columns: ['sku', 'warehouse'],
          referencedSchema: 'Stock Room',
          referencedTable: 'products',
          referencedColumns: ['sku', 'warehouse'],
        }),
      ]),
    );
  });

  it('counts small tables exactly, empty ones included, and estimates large ones', () => {
    expect(table('public', 'customers')).toMatchObject({ rowCount: 2000, rowCountAccuracy: 'exact' });
    expect(table('public', 'empty_table')).toMatchObject({ rowCount: 0, rowCountAccuracy: 'exact' });
    expect(table('public', 'support_tickets')).toMatchObject({ rowCount: 400, rowCountAccuracy: 'exact' });
    expect(table('public', 'events')).toMatchObject({ rowCount: 100_000, rowCountAccuracy: 'estimated' });
    const unanalysed = table('public', 'events_unanalysed');
    expect(unanalysed.rowCountAccuracy).toBe('estimated');
    expect(unanalysed.rowCount).toBeGreaterThan(70_000);
    expect(unanalysed.rowCount).toBeLessThan(130_000);
  });
});

describe('profiles', () => {
  it('keeps all five kinds among 100,000 analysed rows from the planner statistics', () => {
    const kind = column(table('public', 'events'), 'kind');
    expect(kind.profile).toMatchObject({
      source: 'pg_stats',
      distinctCount: 5,
      distinctAccuracy: 'estimated',
      nullFraction: 0,
    });
    expect(values(kind)).toEqual(['click', 'logout', 'purchase', 'signup', 'view']);
    for (const category of kind.profile!.categories) expect(category.frequency).toBeCloseTo(0.2, 1);
    expect(kind.strategy).toBe('categorical');
  });

  it('finds the same five kinds by sampling a table the planner never analysed', () => {
    const kind = column(table('public', 'events_unanalysed'), 'kind');
    expect(kind.profile).toMatchObject({ source: 'sample', distinctCount: 5, distinctAccuracy: 'estimated' });
    expect(values(kind)).toEqual(['click', 'logout', 'purchase', 'signup', 'view']);
    expect(kind.strategy).toBe('categorical');
  });

  it('completes a category list the statistics left incomplete, walking the index', () => {
    const sensor = column(table('public', 'readings'), 'sensor');
    expect(sensor.profile).toMatchObject({ source: 'pg_stats', distinctCount: 90, distinctAccuracy: 'exact' });
    const all = values(sensor);
    expect(all).toHaveLength(90);
    expect(all).toEqual(expect.arrayContaining(['rare-01', 'rare-40', 'sensor-00', 'sensor-49']));
    expect(sensor.strategy).toBe('categorical');
  });

  it('without an index, over the full-scan limit, completes the list from a bounded page sample: an estimate', () => {
    const sensor = column(table('public', 'readings_unindexed'), 'sensor');
    expect(sensor.profile).toMatchObject({ source: 'pg_stats', distinctAccuracy: 'estimated' });
    // Rare values sit together on a few pages, which a page sample reads or misses as a whole.
    expect(values(sensor).length).toBeGreaterThanOrEqual(50);
    expect(values(sensor).length).toBeLessThanOrEqual(90);
    expect(values(sensor)).toEqual(expect.arrayContaining(['sensor-00', 'sensor-49']));
    const completion = issued.filter((sql) => sql.includes('public.readings_unindexed'));
    expect(completion).toHaveLength(1);
    expect(completion[0]).toMatch(/TABLESAMPLE SYSTEM \(\$1\) REPEATABLE \(0\) LIMIT \$2/);
  });

  it('profiles small tables without statistics exactly', () => {
    const tickets = table('public', 'support_tickets');
    expect(column(tickets, 'priority').profile).toMatchObject({
      source: 'exact',
      distinctCount: 3,
      distinctAccuracy: 'exact',
      nullCount: 0,
      nullAccuracy: 'exact',
    });
    expect(values(column(tickets, 'priority'))).toEqual(['high', 'low', 'normal']);
    const ticketNo = column(tickets, 'ticket_no').profile!;
    expect([ticketNo.min, ticketNo.max]).toEqual(['1', '400']);
  });

  it('counts nulls, keeps every category with its frequency, and reads ranges', () => {
    const customers = table('public', 'customers');
    const country = column(customers, 'country');
    expect(values(country)).toEqual(['Brazil', 'Canada', 'France', 'Germany', 'Japan', 'Kenya']);
    expect(country.profile!.nullFraction).toBeCloseTo(0.1, 2);
    const frequencies = country.profile!.categories.reduce((sum, c) => sum + (c.frequency ?? 0), 0);
    expect(frequencies).toBeCloseTo(1, 2);
    expect(values(column(customers, 'is_active'))).toEqual(['false', 'true']);
    const ordered = column(table('sales', 'orders'), 'ordered_on').profile!;
    expect([ordered.min, ordered.max]).toEqual(['2023-01-01', '2023-12-31']);
    const unicode = column(table('public', 'ünïcode'), 'naïve');
    expect(values(unicode)).toEqual(['café', 'crème brûlée']);
    expect(unicode.profile).toMatchObject({ nullCount: 1 });
  });

  it('lists no values of binary or json columns as categories, and no binary samples', () => {
    const customers = table('public', 'customers');
    expect(column(customers, 'avatar').profile!.categories).toEqual([]);
    expect(column(customers, 'avatar').profile!.samples).toEqual([]);
    expect(column(customers, 'preferences').profile!.categories).toEqual([]);
  });

  it('profiles a materialized view by reading it, and a view from the catalog only, never selecting from it', () => {
    const status = column(table('sales', 'status_counts'), 'status');
    expect(values(status)).toEqual(['delivered', 'pending', 'shipped']);
    expect(table('sales', 'order_totals')).toMatchObject({ rowCountAccuracy: 'estimated' });
    const fromView = issued.filter(
      (sql) => /FROM "sales"\."order_totals"|FROM sales\.order_totals/.test(sql) && !sql.startsWith('EXPLAIN'),
    );
    expect(fromView).toEqual([]);
  });

  it('never reads a large analysed table, and only samples the large unanalysed one', async () => {
    const mentions = (name: string) => issued.filter((sql) => new RegExp(`"?public"?\\."?${name}"?\\b`).test(sql));
    expect(mentions('events')).toEqual([]);
    const unanalysed = mentions('events_unanalysed');
    expect(unanalysed.length).toBeGreaterThan(0);
    for (const sql of unanalysed) expect(sql).toMatch(/TABLESAMPLE SYSTEM|LIMIT \$1\)/);
    const readings = mentions('readings');
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatch(/WITH RECURSIVE walk/);

    // The server agrees: what the analysis read (counted when its sessions ended) stays far below the rows.
    const after = await readSeqTuples(
      scratch.url,
      (read) => (read.events_unanalysed ?? 0) > (seqTuplesRead.events_unanalysed ?? 0),
    );
    const delta = (name: string) => (after[name] ?? 0) - (seqTuplesRead[name] ?? 0);
    expect(delta('events_unanalysed')).toBeGreaterThan(0);
    expect(delta('events_unanalysed')).toBeLessThan(100_000);
    expect(delta('events')).toBe(0);
    expect(delta('readings')).toBe(0);
  });
});

describe('strategies', () => {
  it('chooses what a person would', () => {
    const customers = table('public', 'customers');
    const strategy = (t: TableInfo, name: string) => column(t, name).strategy;
    expect(strategy(customers, 'id')).toBe('skip');
    expect(strategy(customers, 'email')).toBe('vector');
    expect(strategy(customers, 'full_name')).toBe('vector');
    expect(strategy(customers, 'country')).toBe('categorical');
    expect(strategy(customers, 'is_active')).toBe('categorical');
    expect(strategy(customers, 'signed_up_at')).toBe('skip');
    expect(strategy(customers, 'preferences')).toBe('skip');
    expect(strategy(customers, 'avatar')).toBe('skip');
    const orders = table('sales', 'orders');
    expect(strategy(orders, 'status')).toBe('categorical');
    expect(strategy(orders, 'customer_id')).toBe('skip');
    expect(strategy(orders, 'total')).toBe('skip');
    expect(strategy(orders, 'ordered_on')).toBe('skip');
    expect(strategy(table('public', 'support_tickets'), 'customer_id')).toBe('skip');
    expect(strategy(table('public', 'empty_table'), 'label')).toBe('skip');
    for (const t of model.tables) for (const c of t.columns) expect(c.strategyReason.length).toBeGreaterThan(3);
    expect(column(customers, 'signed_up_at').strategyReason).toBe('time values are filtered by range, not looked up');
  });
});

describe('joins', () => {
  it('infers that support_tickets.customer_id joins customers.id, and never repeats a declared key', () => {
    const inferred = table('public', 'support_tickets').foreignKeys;
    expect(inferred).toEqual([
      expect.objectContaining({
        columns: ['customer_id'],
        referencedSchema: 'public',
        referencedTable: 'customers',
        referencedColumns: ['id'],
        origin: 'inferred',
      }),
    ]);
    expect(inferred[0]!.evidence).toMatch(/customer_id/);
    const orders = table('sales', 'orders').foreignKeys;
    expect(orders.filter((fk) => fk.columns.includes('customer_id'))).toHaveLength(1);
    expect(orders[0]!.origin).toBe('declared');
    expect(table('sales', 'Order Items').foreignKeys.every((fk) => fk.origin === 'declared')).toBe(true);
  });
});

describe('analysis run', () => {
  it('reports progress from 0 to 100, always forward', () => {
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
  });

  it('within the full-scan limit, completes a category list exactly with frequencies', async () => {
    const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
    // A backend still closing when the database is dropped (WITH FORCE) reports 57P01 to the pool:
    // expected at teardown, not an error of the test.
    pool.on('error', () => {});
    try {
      const wider = await analyzeDatabase(queryFnForPool(pool), { fullScanLimit: 200_000 });
      const t = wider.tables.find((x) => x.name === 'readings_unindexed')!;
      const sensor = column(t, 'sensor');
      expect(sensor.profile).toMatchObject({ distinctCount: 90, distinctAccuracy: 'exact' });
      expect(values(sensor)).toHaveLength(90);
      const rare = sensor.profile!.categories.find((c) => c.value === 'rare-07')!;
      expect(rare.frequency).toBeCloseTo(1 / 100_000, 8);
    } finally {
      await pool.end();
    }
  });

  it('writes a plain, deterministic document and summary per table', () => {
    const tickets = table('public', 'support_tickets');
    const first = writeDocument(tickets, model);
    expect(writeDocument(tickets, model)).toEqual(first);
    expect(first.summary).toMatch(
      /^Table public\.support_tickets holds 400 rows of support tickets, linked to customers/,
    );
    expect(first.summary.split('. ')).toHaveLength(1);
    expect(first.document).toContain('customer_id → public.customers (id), inferred');
    expect(first.document).toMatch(/priority .*values: .*high/);
    const customers = writeDocument(table('public', 'customers'), model).document;
    expect(customers).toContain('public.support_tickets (customer_id) → id, inferred');
    expect(customers).toContain('Login and contact address');
    expect(writeDocument(table('sales', 'Order Items'), model).document).toContain('"Stock Room".products');
  });
});
