import { describe, expect, it } from 'vitest';
import { proposeChart } from '../../src/agent/chart.ts';
import { toCsv } from '../../src/chat/csv.ts';
import { describeSql } from '../../src/agent/describe-sql.ts';

const col = (name: string, type: string) => ({ name, type });

describe('chart proposal', () => {
  it('picks the chart from the shape of the result', () => {
    expect(proposeChart([col('n', 'int8')], [[42]]).kind).toBe('number');
    const bar = proposeChart(
      [col('status', 'text'), col('n', 'int8')],
      [
        ['a', 1],
        ['b', 2],
      ],
    );
    expect(bar.kind).toBe('bar');
    expect(bar.spec).toMatchObject({
      mark: 'bar',
      data: {
        values: [
          { status: 'a', n: 1 },
          { status: 'b', n: 2 },
        ],
      },
    });
    const line = proposeChart(
      [col('month', 'timestamptz'), col('total', 'numeric')],
      [
        ['2024-01-01', '10.5'],
        ['2024-02-01', '12'],
      ],
    );
    expect(line.kind).toBe('line');
    expect((line.spec as { data: { values: { total: number }[] } }).data.values[0]!.total).toBe(10.5);
    expect(
      proposeChart(
        [col('a', 'float8'), col('b', 'int4')],
        [
          [1, 2],
          [2, 3],
          [3, 5],
        ],
      ).kind,
    ).toBe('scatter');
    expect(proposeChart([col('name', 'text'), col('email', 'text')], [['x', 'y']]).kind).toBe('none');
    expect(proposeChart([col('n', 'int8')], []).kind).toBe('none');
    const many = Array.from({ length: 80 }, (_, i) => [`c${i}`, i]);
    expect(proposeChart([col('c', 'text'), col('n', 'int4')], many).kind).toBe('none');
    for (const proposal of [bar, line]) expect(proposal.reason.length).toBeGreaterThan(10);
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = toCsv(
      [col('name', 'text'), col('n', 'int4'), col('tags', 'jsonb')],
      [
        ['a,"b"', -3, { x: 1 }],
        ['=cmd()', null, null],
      ],
    );
    expect(csv).toBe('name,n,tags\r\n"a,""b""",-3,"{""x"":1}"\r\n"\'=cmd()",,\r\n');
  });
});

describe('SQL descriptions', () => {
  it('says what a query does in a sentence', async () => {
    expect(
      await describeSql(
        "select c.country, count(*) as n from orders o join customers c on c.id = o.customer_id where o.status = 'shipped' group by c.country order by n desc limit 10",
      ),
    ).toBe(
      "Counting orders from orders and customers, where o.status = 'shipped', per c.country, highest n first, at most 10 rows.",
    );
    expect(await describeSql('select sum(total) from orders')).toBe('Adding up total from orders.');
    expect(await describeSql('SELECT * FROM (select name from t order by name) AS askdb_q LIMIT 1001')).toBe(
      'Listing name from t, lowest name first, at most 1001 rows.',
    );
    expect(await describeSql('not sql at all')).toBe('Runs the query shown.');
  });
});
