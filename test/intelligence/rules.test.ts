import { describe, expect, it } from 'vitest';
import { arrayElements } from '../../src/targets/array-literal.ts';
import { estimateDistinct } from '../../src/intelligence/estimate.ts';
import { columnFamily } from '../../src/intelligence/family.ts';
import { inferForeignKeys } from '../../src/intelligence/infer.ts';
import type { ColumnFamily, ColumnInfo, ColumnProfile, TableInfo } from '../../src/intelligence/model.ts';
import { isIdLikeName, nameWords, singular } from '../../src/text/names.ts';
import { chooseStrategy } from '../../src/intelligence/strategy.ts';

function profile(fields: Partial<ColumnProfile>): ColumnProfile {
  return {
    distinctCount: null,
    distinctAccuracy: 'exact',
    nullCount: 0,
    nullFraction: 0,
    nullAccuracy: 'exact',
    categories: [],
    samples: [],
    min: null,
    max: null,
    source: 'exact',
    ...fields,
  };
}

function col(name: string, family: ColumnFamily, dataType: string, extra: Partial<ColumnInfo> = {}): ColumnInfo {
  return {
    name,
    position: 1,
    dataType,
    family,
    nullable: true,
    default: null,
    comment: null,
    isPrimaryKey: false,
    isUnique: false,
    enumValues: null,
    profile: null,
    strategy: 'skip',
    strategyReason: '',
    ...extra,
  };
}

function tbl(name: string, columns: ColumnInfo[], extra: Partial<TableInfo> = {}): TableInfo {
  return {
    schema: 'public',
    name,
    kind: 'table',
    comment: null,
    rowCount: 1000,
    rowCountAccuracy: 'exact',
    columns,
    primaryKey: columns.filter((c) => c.isPrimaryKey).map((c) => c.name),
    uniqueConstraints: [],
    foreignKeys: [],
    definition: null,
    ...extra,
  };
}

const unique = (rows: number) => profile({ distinctCount: rows });
const repeated = (distinct: number) => profile({ distinctCount: distinct });

describe('names', () => {
  it('splits identifiers into words and makes table names singular', () => {
    expect(nameWords('sbCustJoinDate')).toEqual(['sb', 'cust', 'join', 'date']);
    expect(nameWords('Order Items')).toEqual(['order', 'items']);
    expect(nameWords('HTTPStatus')).toEqual(['http', 'status']);
    expect(['categories', 'addresses', 'boxes', 'people', 'status', 'users', 'data'].map(singular)).toEqual([
      'category',
      'address',
      'box',
      'person',
      'status',
      'user',
      'data',
    ]);
    expect(['id', 'customer_id', 'customerId', 'userID', 'uuid'].every(isIdLikeName)).toBe(true);
    expect(['paid', 'valid', 'android', 'idle'].some(isIdLikeName)).toBe(false);
  });

  it('maps base types to families', () => {
    expect(columnFamily('int4', 'N')).toBe('number');
    expect(columnFamily('varchar', 'S')).toBe('text');
    expect(columnFamily('timestamptz', 'D')).toBe('timestamp');
    expect(columnFamily('date', 'D')).toBe('date');
    expect(columnFamily('jsonb', 'U')).toBe('json');
    expect(columnFamily('bytea', 'U')).toBe('binary');
    expect(columnFamily('uuid', 'U')).toBe('uuid');
    expect(columnFamily('_text', 'A')).toBe('array');
    expect(columnFamily('mood', 'E')).toBe('enum');
    expect(columnFamily('inet', 'I')).toBe('other');
  });
});

describe('array text', () => {
  it('parses PostgreSQL array literals', () => {
    expect(arrayElements('{a,"b c","say \\"hi\\"",NULL,"NULL"}')).toEqual(['a', 'b c', 'say "hi"', null, 'NULL']);
    expect(arrayElements('{"{1,0}","{2,1}"}')).toEqual(['{1,0}', '{2,1}']);
    expect(arrayElements('{0.2,0.35}')).toEqual(['0.2', '0.35']);
    expect(arrayElements('{}')).toEqual([]);
    expect(arrayElements(null)).toBeNull();
    expect(arrayElements('{{1,2},{3,NULL}}')).toEqual(['{1,2}', '{3,NULL}']);
    expect(arrayElements('[0:1]={"a b",c}')).toEqual(['a b', 'c']);
  });
});

describe('distinct estimate from a sample', () => {
  it('follows ANALYZE: unique, all seen, or Haas-Stokes in between', () => {
    expect(
      estimateDistinct({ sampledValues: 1000, distinctInSample: 1000, singletons: 1000, totalValues: 1_000_000 }),
    ).toBe(1_000_000);
    expect(estimateDistinct({ sampledValues: 1000, distinctInSample: 5, singletons: 0, totalValues: 1_000_000 })).toBe(
      5,
    );
    const middle = estimateDistinct({
      sampledValues: 1000,
      distinctInSample: 300,
      singletons: 100,
      totalValues: 1_000_000,
    });
    expect(middle).toBeGreaterThan(300);
    expect(middle).toBeLessThan(1_000_000);
    expect(estimateDistinct({ sampledValues: 500, distinctInSample: 40, singletons: 10, totalValues: 500 })).toBe(40);
  });
});

describe('strategy rules', () => {
  const decide = (column: ColumnInfo, table = tbl('things', [column])) =>
    chooseStrategy(column, table, { categoryThreshold: 100 });

  it('skips keys, references, time, blobs, json and arrays', () => {
    expect(decide(col('id', 'number', 'integer', { isPrimaryKey: true }))).toEqual({
      strategy: 'skip',
      reason: 'identifier (primary key)',
    });
    expect(decide(col('owner_id', 'number', 'integer', { profile: repeated(3) })).strategy).toBe('skip');
    expect(decide(col('ownerId', 'text', 'text', { profile: repeated(3) })).strategy).toBe('skip');
    expect(decide(col('token', 'uuid', 'uuid')).strategy).toBe('skip');
    expect(decide(col('created_at', 'timestamp', 'timestamp with time zone', { profile: repeated(3) }))).toEqual({
      strategy: 'skip',
      reason: 'time values are filtered by range, not looked up',
    });
    expect(decide(col('starts', 'time', 'time without time zone')).strategy).toBe('skip');
    expect(decide(col('took', 'interval', 'interval')).strategy).toBe('skip');
    expect(decide(col('photo', 'binary', 'bytea')).strategy).toBe('skip');
    expect(decide(col('payload', 'json', 'jsonb', { profile: repeated(3) })).strategy).toBe('skip');
    expect(decide(col('tags', 'array', 'text[]', { profile: repeated(3) })).strategy).toBe('skip');
  });

  it('skips a column that references another table, declared or inferred', () => {
    const owner = col('owner', 'number', 'integer', { profile: repeated(3) });
    const table = tbl('things', [owner], {
      foreignKeys: [
        {
          name: 'x',
          columns: ['owner'],
          referencedSchema: 'public',
          referencedTable: 'people',
          referencedColumns: ['id'],
          origin: 'inferred',
          evidence: 'test',
        },
      ],
    });
    expect(decide(owner, table)).toEqual({ strategy: 'skip', reason: 'identifier: inferred to join people' });
  });

  it('keeps the values of a text key named like a word, and skips one named like an id', () => {
    // A code table: role_code 'researcher', 'leader' is what people type; their ids are not.
    expect(decide(col('role_code', 'text', 'text', { isPrimaryKey: true, profile: repeated(3) }))).toEqual({
      strategy: 'categorical',
      reason: '3 distinct values',
    });
    expect(decide(col('role_id', 'text', 'text', { isPrimaryKey: true, profile: repeated(3) }))).toEqual({
      strategy: 'skip',
      reason: 'identifier (primary key)',
    });
    expect(decide(col('code', 'number', 'integer', { isPrimaryKey: true, profile: repeated(3) }))).toEqual({
      strategy: 'skip',
      reason: 'identifier (primary key)',
    });
  });

  it('keeps booleans, enums and few-valued text and numbers as categories', () => {
    expect(decide(col('is_open', 'boolean', 'boolean'))).toEqual({ strategy: 'categorical', reason: 'two values' });
    expect(decide(col('mood', 'enum', 'mood', { enumValues: ['sad', 'ok', 'happy'] }))).toEqual({
      strategy: 'categorical',
      reason: 'enum of 3 labels',
    });
    expect(decide(col('region', 'text', 'text', { profile: repeated(7) }))).toEqual({
      strategy: 'categorical',
      reason: '7 distinct values',
    });
    expect(decide(col('floor', 'number', 'integer', { profile: repeated(12) })).strategy).toBe('categorical');
  });

  it('skips measures and numbers that rarely repeat, however few', () => {
    expect(decide(col('unit_price', 'number', 'numeric(10,2)', { profile: repeated(12) })).strategy).toBe('skip');
    expect(decide(col('totalamount', 'number', 'numeric', { profile: repeated(12) })).strategy).toBe('skip');
    const tiny = tbl('tiny', [], { rowCount: 20 });
    expect(
      chooseStrategy(col('reading', 'number', 'real', { profile: repeated(19) }), tiny, { categoryThreshold: 100 })
        .strategy,
    ).toBe('skip');
  });

  it('sends many-valued text to the vector index, except numbers and dates kept as text', () => {
    expect(decide(col('email', 'text', 'text', { profile: unique(5000) }))).toEqual({
      strategy: 'vector',
      reason: '5,000 distinct values: found by similarity',
    });
    const long = profile({ distinctCount: 900, samples: ['x'.repeat(150), 'y'.repeat(160)] });
    expect(decide(col('body', 'text', 'text', { profile: long })).reason).toMatch(/^long free text/);
    expect(
      decide(
        col('latitude_text', 'text', 'text', {
          profile: profile({ distinctCount: 900, samples: ['37.77', '-122.41'] }),
        }),
      ).strategy,
    ).toBe('skip');
    expect(
      decide(
        col('settled', 'text', 'text', {
          profile: profile({ distinctCount: 900, samples: ['20230105 10:00:00', '20230106 11:30:00'] }),
        }),
      ).strategy,
    ).toBe('skip');
  });
});

describe('inferred joins', () => {
  const familyOf = (dataType: string): ColumnFamily => (/int/.test(dataType) ? 'number' : 'text');
  const key = (name: string, dataType = 'integer') =>
    col(name, familyOf(dataType), dataType, { isPrimaryKey: true, isUnique: true, profile: unique(1000) });
  const ref = (name: string, dataType = 'integer', distinct = 40) =>
    col(name, familyOf(dataType), dataType, { profile: repeated(distinct) });
  const joins = (tables: TableInfo[]) =>
    [...inferForeignKeys(tables)]
      .flatMap(([t, fks]) =>
        fks.map((fk) => `${t.name}.${fk.columns[0]} → ${fk.referencedTable}.${fk.referencedColumns[0]}`),
      )
      .sort();

  it("joins <table>_id to that table's key, singular or plural", () => {
    const tables = [
      tbl('categories', [key('id')]),
      tbl('items', [key('id'), ref('category_id')]),
      tbl('people', [key('id')]),
      tbl('notes', [ref('person_id')]),
    ];
    expect(joins(tables)).toEqual(['items.category_id → categories.id', 'notes.person_id → people.id']);
  });

  it('joins same-named keys to the table they are named after, even without declared keys', () => {
    const undeclared = (name: string) => col(name, 'number', 'bigint', { profile: unique(1000) });
    const tables = [
      tbl('teacher', [undeclared('tid'), ref('name', 'text', 1000)]),
      tbl('course', [undeclared('cid'), ref('tid', 'bigint')]),
      tbl('teacher_course', [ref('tid', 'bigint'), ref('cid', 'bigint')]),
    ];
    expect(joins(tables)).toEqual([
      'course.tid → teacher.tid',
      'teacher_course.cid → course.cid',
      'teacher_course.tid → teacher.tid',
    ]);
  });

  it('joins prefixed camel-case references by the distinctive end of the key', () => {
    const tables = [
      tbl('xyMember', [key('xyMemberId', 'varchar(20)')]),
      tbl('xyLoan', [
        key('xyLoanId', 'varchar(20)'),
        ref('xyLnMemberId', 'varchar(20)'),
        ref('xyLnPaid', 'varchar(20)'),
      ]),
    ];
    expect(joins(tables)).toEqual(['xyLoan.xyLnMemberId → xyMember.xyMemberId']);
  });

  it('never joins incompatible types, never repeats a declared key, never picks between equals', () => {
    const declared = tbl('orders', [key('id'), ref('customer_id')], {
      foreignKeys: [
        {
          name: 'fk',
          columns: ['customer_id'],
          referencedSchema: 'public',
          referencedTable: 'customers',
          referencedColumns: ['id'],
          origin: 'declared',
        },
      ],
    });
    const tables = [
      tbl('customers', [key('id')]),
      declared,
      tbl('visits', [ref('customer_id', 'text')]),
      tbl('codes_a', [key('code', 'text')]),
      tbl('codes_b', [key('code', 'text')]),
      tbl('labels', [ref('code', 'text')]),
    ];
    expect(joins(tables)).toEqual([]);
  });
});
