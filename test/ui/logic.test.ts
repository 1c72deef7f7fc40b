import { describe, expect, it } from 'vitest';
import { presentSpec } from '../../web/src/lib/chart-spec.ts';
import { toCsv } from '../../web/src/lib/csv.ts';
import { chartNumberLocale, formatValue, formatWhen, humanLabel } from '../../web/src/lib/format.ts';
import { highlightSql } from '../../web/src/lib/highlight.ts';
import { isTab, pageTitle, paths, tabsOf } from '../../web/src/lib/routes.ts';
import { pageOf } from '../../web/src/lib/paging.ts';
import { loadTokens, saveTokens } from '../../web/src/lib/session.ts';
import { SseParser } from '../../web/src/lib/sse.ts';

describe('SSE parser', () => {
  it('reassembles events split across chunks and ignores comments', () => {
    const parser = new SseParser();
    expect(parser.push('event: step\ndata: {"step":"und')).toEqual([]);
    expect(parser.push('erstand"}\n\n: keep-alive\n\nevent: answer\r\ndata: {"rows":[[1]]}\r\n\r\n')).toEqual([
      { event: 'step', data: { step: 'understand' } },
      { event: 'answer', data: { rows: [[1]] } },
    ]);
    expect(parser.push('data: plain text\n\n')).toEqual([{ event: 'message', data: 'plain text' }]);
  });
});

describe('result paging', () => {
  it('slices pages and clamps out-of-range pages', () => {
    const rows = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(rows, 0, 20)).toMatchObject({ page: 0, pages: 3, from: 1, to: 20 });
    expect(pageOf(rows, 2, 20)).toMatchObject({ rows: [40, 41, 42, 43, 44], from: 41, to: 45 });
    expect(pageOf(rows, 9, 20).page).toBe(2);
    expect(pageOf([], 0, 20)).toMatchObject({ pages: 1, from: 0, to: 0 });
  });
});

describe('SQL highlighting', () => {
  it('keeps the text intact and marks keywords, strings, numbers and comments', () => {
    const sql = "SELECT name, count(*) FROM \"Order Items\" WHERE status = 'it''s' AND n > 5 -- note";
    const tokens = highlightSql(sql);
    expect(tokens.map((t) => t.text).join('')).toBe(sql);
    expect(tokens.filter((t) => t.kind === 'keyword').map((t) => t.text)).toEqual([
      'SELECT',
      'count',
      'FROM',
      'WHERE',
      'AND',
    ]);
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe("'it''s'");
    expect(tokens.find((t) => t.kind === 'comment')?.text).toBe('-- note');
  });
});

describe('token storage', () => {
  it('saves, loads and forgets tokens, surviving garbage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    saveTokens({ access_token: 'a', refresh_token: 'r' }, storage);
    expect(loadTokens(storage)).toEqual({ access_token: 'a', refresh_token: 'r' });
    saveTokens(null, storage);
    expect(loadTokens(storage)).toBeNull();
    store.set('askdb.tokens', '{not json');
    expect(loadTokens(storage)).toBeNull();
  });
});

describe('presentation', () => {
  it('turns column names into labels', () => {
    expect(humanLabel('number_of_orders')).toBe('Number of orders');
    expect(humanLabel('totalAmount')).toBe('Total amount');
    expect(humanLabel('customer_id')).toBe('Customer ID');
    expect(humanLabel('count')).toBe('Count');
  });

  it('formats numbers and dates for the locale, keeping years and ids ungrouped', () => {
    expect(formatValue('94959.23', { name: 'revenue', type: 'numeric' }, 'en-US')).toBe('94,959.23');
    expect(formatValue(1234567, { name: 'n', type: 'int8' }, 'de-DE')).toBe('1.234.567');
    expect(formatValue(2024, { name: 'order_year', type: 'numeric' }, 'en-US')).toBe('2024');
    expect(formatValue(null, { name: 'x', type: 'text' })).toBe('—');
    expect(formatValue('2024-03-05', { name: 'day', type: 'date' }, 'en-US')).toBe('Mar 5, 2024');
    expect(formatValue('Berlin', { name: 'city', type: 'text' })).toBe('Berlin');
    expect(formatValue({ a: 1 }, { name: 'doc', type: 'jsonb' })).toBe('{"a":1}');
    expect(chartNumberLocale('de-DE')).toMatchObject({ decimal: ',', thousands: '.' });
    expect(chartNumberLocale('en-US')).toMatchObject({ decimal: '.', thousands: ',' });
  });

  it('dates sessions: the time today, the day before', () => {
    const now = new Date('2025-06-10T15:00:00');
    expect(formatWhen('2025-06-10T09:05:00', 'en-GB', now)).toBe('09:05');
    expect(formatWhen('2025-06-02T09:05:00', 'en-GB', now)).toBe('2 Jun');
    expect(formatWhen('2024-06-02T09:05:00', 'en-GB', now)).toBe('2 Jun 2024');
  });

  it('titles chart axes from column names and drops the spec version', () => {
    const spec = presentSpec({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      mark: 'bar',
      encoding: {
        x: { field: 'status', type: 'nominal' },
        y: { field: 'number_of_orders', type: 'quantitative', title: 'Kept' },
      },
    });
    expect(spec).toEqual({
      mark: 'bar',
      encoding: {
        x: { field: 'status', type: 'nominal', title: 'Status' },
        y: { field: 'number_of_orders', type: 'quantitative', title: 'Kept' },
      },
    });
  });

  it('writes CSV like the server: quoted where needed, formulas defused', () => {
    expect(
      toCsv(
        [{ name: 'a' }, { name: 'b' }],
        [
          ['x,y', '=SUM(A1)'],
          [null, -3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=SUM(A1)"\r\n,-3\r\n');
  });
});

describe('routes', () => {
  it('builds every address and title in one place', () => {
    expect(paths.chat('c1')).toBe('/db/c1/chat');
    expect(paths.chat('c1', 's1')).toBe('/db/c1/chat/s1');
    expect(paths.answer('c1', 's1', 'm1')).toBe('/db/c1/chat/s1#m-m1');
    expect(paths.tab('c1', 'intelligence')).toBe('/db/c1/intelligence');
    expect(pageTitle('Chat', 'Demo', null)).toBe('Chat · Demo · AskDB');
    expect(tabsOf('chat')).toEqual(['general', 'chat']);
    expect(isTab('settings')).toBe(true);
    expect(isTab('admin')).toBe(false);
  });
});
