/**
 * No benchmark's vocabulary in AskDB's code: every string literal in src/ (and every word of a
 * literal that is a list of words) that equals a table or column name of a database in
 * ../shared/bench fails this test, unless it is an ordinary word reviewed below. Rules must come
 * from general resources and from each database's own names, never from the databases they are scored on.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const benchRoot = path.resolve(import.meta.dirname, '../../../shared/bench');
const srcRoot = path.resolve(import.meta.dirname, '../../src');

/** AskDB's own demo dataset, its own app tables and PostgreSQL's function names are not rules about questions. */
const notRules = ['demo/', 'db/', 'sqlguard/function-allowlist.ts'];

/** Ordinary words, reviewed: each group says why AskDB's code may name it. */
const reviewed: Record<string, string[]> = {
  'month names, read in dates': ['jan', 'feb', 'mar', 'apr', 'jul', 'jun', 'aug', 'sep', 'oct', 'nov', 'dec'],
  'words every question and query uses': [
    'count',
    'number',
    'total',
    'amount',
    'list',
    'rank',
    'result',
    'results',
    'record',
    'name',
    'title',
    'label',
    'code',
    'id',
    'no',
    'text',
    'type',
    'date',
    'day',
    'days',
    'time',
    'month',
    'year',
    'hours',
    'interval',
    'range',
    'start',
    'end',
    'from',
    'did',
    'make',
    'match',
    'place',
    'position',
    'character',
    'keyword',
    'category',
    'status',
    'state',
    'description',
    'people',
    'person',
    'round',
  ],
  'what common abbreviations in identifiers stand for': [
    'address',
    'customer',
    'employee',
    'department',
    'inventory',
    'manager',
    'organization',
    'payment',
    'product',
    'phone',
    'picture',
    'location',
    'latitude',
    'longitude',
    'lat',
    'lng',
    'quantity',
    'country',
  ],
  'units and kinds of measurement (a numeric column named so is a measure, not a category)': [
    'age',
    'altitude',
    'area',
    'balance',
    'budget',
    'cost',
    'density',
    'distance',
    'duration',
    'elevation',
    'height',
    'length',
    'likes',
    'population',
    'price',
    'rate',
    'revenue',
    'salary',
    'score',
    'speed',
    'temperature',
    'volume',
    'votes',
    'weight',
    'width',
    'sales',
    'spent',
  ],
  "AskDB's own API, logs and settings": [
    'bytes',
    'candidates',
    'connection',
    'documents',
    'email',
    'files',
    'head',
    'host',
    'job',
    'model',
    'oid',
    'origin',
    'owner',
    'password',
    'pid',
    'role',
    'room',
    'route',
    'source',
    'unavailable',
    'url',
    'user_id',
    'username',
    'users',
    'y',
    'block',
    'active',
    'business',
    'language',
  ],
};

function benchmarkNames(): Set<string> {
  const names = new Set<string>();
  for (const split of fs.readdirSync(benchRoot)) {
    const dir = path.join(benchRoot, split, 'dbs');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      const raw = fs.readFileSync(path.join(dir, file));
      const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
      for (const m of text.matchAll(
        /CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(?:[\w"]+\.)?"?(\w+)"?\s*\(([\s\S]*?)\n\);/gi,
      )) {
        names.add(m[1]!.toLowerCase());
        for (const line of m[2]!.split('\n')) {
          const column = line.trim().match(/^"?(\w+)"?\s+\w/);
          if (column && !/^(constraint|primary|foreign|unique|check)$/i.test(column[1]!))
            names.add(column[1]!.toLowerCase());
        }
      }
    }
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Every string literal, and the words of literals that are lists of words. */
function literalWords(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const words: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const text = node.text.toLowerCase().trim();
      if (/^[a-z_]+(\s+[a-z_']+){2,}$/.test(text)) words.push(...text.split(/\s+/));
      else words.push(text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return words;
}

describe('benchmark vocabulary', () => {
  it('reads the benchmark databases it guards against', () => {
    expect(
      fs.existsSync(benchRoot),
      `${benchRoot} is missing: the check needs ../shared/bench beside the project`,
    ).toBe(true);
    expect(benchmarkNames().size).toBeGreaterThan(1000);
  });

  it('no string in src/ names a benchmark table or column, except reviewed ordinary words', () => {
    const names = benchmarkNames();
    const allowed = new Set(Object.values(reviewed).flat());
    const found = new Map<string, Set<string>>();
    for (const file of sourceFiles(srcRoot)) {
      const relative = path.relative(srcRoot, file);
      if (notRules.some((prefix) => relative.startsWith(prefix))) continue;
      for (const word of literalWords(file))
        if (names.has(word) && !allowed.has(word)) found.set(word, (found.get(word) ?? new Set()).add(relative));
    }
    const report = [...found].map(([word, files]) => `"${word}" in ${[...files].join(', ')}`);
    expect(report, 'benchmark names in src/: derive the rule from general resources or the database itself').toEqual(
      [],
    );
  });

  it('the check finds a benchmark name written into a rule', () => {
    const names = benchmarkNames();
    const planted = path.join(srcRoot, '..', 'test', 'engine', 'fixtures-planted-rule.tmp.ts');
    fs.writeFileSync(
      planted,
      "export const hint = ['citation_num'];\nexport const words = 'alpha beta citation_num';\n",
    );
    try {
      expect(literalWords(planted).filter((w) => names.has(w))).toEqual(['citation_num', 'citation_num']);
    } finally {
      fs.rmSync(planted);
    }
  });
});
