import { describe, expect, it } from 'vitest';
import { highlightSql } from '../../web/src/lib/highlight.ts';
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
    expect(tokens.filter((t) => t.kind === 'keyword').map((t) => t.text)).toEqual(['SELECT', 'count', 'FROM', 'WHERE', 'AND']);
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe("'it''s'");
    expect(tokens.find((t) => t.kind === 'comment')?.text).toBe('-- note');
  });
});

describe('token storage', () => {
  it('saves, loads and forgets tokens, surviving garbage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    saveTokens({ access_token: 'a', refresh_token: 'r' }, storage);
    expect(loadTokens(storage)).toEqual({ access_token: 'a', refresh_token: 'r' });
    saveTokens(null, storage);
    expect(loadTokens(storage)).toBeNull();
    store.set('askdb.tokens', '{not json');
    expect(loadTokens(storage)).toBeNull();
  });
});
