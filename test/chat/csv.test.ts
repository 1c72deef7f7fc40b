import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from '../../src/chat/csv.ts';
import { toCsv as toCsvInBrowser } from '../../web/src/lib/csv.ts';

const writers = [
  ['server', toCsv],
  ['browser', toCsvInBrowser],
] as const;

/** The one data line a single value becomes. */
function line(write: (typeof writers)[number][1], value: unknown): string {
  return write([{ name: 'v', type: 'text' }], [[value as never]]).split('\r\n')[1]!;
}

// Text a spreadsheet would run as a formula, and how it must come out: prefixed with ' and quoted.
const formulas = [
  '=SUM(A1:A9)',
  '=1+1',
  '+SUM(A1)',
  '+1+HYPERLINK("http://x")',
  '+1',
  '+1.5',
  '-1+HYPERLINK("http://x")',
  '-2+3',
  '-A1',
  '-',
  '@SUM(A1)',
  '@',
  '\t=1+1',
  '\r=1+1',
  '\t',
  '-1e5x',
  '-1e5+1',
  '--1',
  '- 1',
];

describe.each(writers)('CSV formula injection (%s writer)', (_name, write) => {
  it.each(formulas)('neutralises %j', (value) => {
    expect(line(write, value)).toBe(`"'${value.replace(/"/g, '""')}"`);
  });

  it.each(['-1', '-12.50', '-0.5', '-.5', '-.55', '-1e5', '-1E-3', '-1e10', '-7.'])(
    'keeps the plain number %j as it is',
    (value) => {
      expect(line(write, value)).toBe(value);
    },
  );

  it('keeps numbers, booleans and text that only contains a sign later on as they are', () => {
    expect(line(write, -3)).toBe('-3');
    expect(line(write, 2.5)).toBe('2.5');
    expect(line(write, true)).toBe('true');
    expect(line(write, 'a=b')).toBe('a=b');
    expect(line(write, 'x+1')).toBe('x+1');
    expect(line(write, ' =1')).toBe(' =1');
    expect(line(write, 'mail@example.com')).toBe('mail@example.com');
  });

  it('quotes separators, quotes and line breaks (RFC 4180) and leaves plain text bare', () => {
    expect(line(write, 'a,b')).toBe('"a,b"');
    expect(line(write, 'say "hi"')).toBe('"say ""hi"""');
    expect(line(write, 'two\nlines')).toBe('"two\nlines"');
    expect(line(write, 'two\rlines')).toBe('"two\rlines"');
    expect(line(write, 'plain')).toBe('plain');
    expect(line(write, '')).toBe('');
  });

  it('writes null as an empty cell and objects as JSON', () => {
    expect(line(write, null)).toBe('');
    expect(line(write, { a: 1 })).toBe('"{""a"":1}"');
    expect(line(write, [1, 2])).toBe('"[1,2]"');
  });

  it('writes a header line, joins cells with commas and ends every line with CRLF', () => {
    const csv = write(
      [
        { name: 'name', type: 'text' },
        { name: '=total', type: 'numeric' },
      ],
      [
        ['Ann', '10'],
        ['Bob', null],
      ],
    );
    expect(csv).toBe(`name,"'=total"\r\nAnn,10\r\nBob,\r\n`);
  });

  it('writes only the header when there are no rows', () => {
    expect(write([{ name: 'n', type: 'int4' }], [])).toBe('n\r\n');
  });
});

describe('neutraliseFormula', () => {
  it('prefixes only formula-like text', () => {
    expect(neutraliseFormula('=1')).toBe("'=1");
    expect(neutraliseFormula('-1')).toBe('-1');
    expect(neutraliseFormula('1')).toBe('1');
    expect(neutraliseFormula('')).toBe('');
  });
});
