import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../src/targets/array-literal.ts';
import { converterFor } from '../../src/targets/json-values.ts';
import { formatDuration, redactSecrets } from '../../src/targets/errors.ts';

const scalar = (scalarOid: number) => converterFor({ name: 'x', scalarOid, isArray: false, delimiter: ',' });
const array = (scalarOid: number, delimiter = ',') =>
  converterFor({ name: 'x[]', scalarOid, isArray: true, delimiter });

describe('parseArrayLiteral', () => {
  it.each([
    ['{}', []],
    ['{1,2,3}', ['1', '2', '3']],
    ['{NULL,"NULL",null}', [null, 'NULL', null]],
    ['{"a b","c,d","e\\"f","g\\\\h"}', ['a b', 'c,d', 'e"f', 'g\\h']],
    [
      '{{1,2},{3,4}}',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['[0:1]={7,8}', ['7', '8']],
    ['{ 1 , 2 }', ['1', '2']],
    ['{"{\\"k\\": 1}"}', ['{"k": 1}']],
  ])('%s', (text, expected) => {
    expect(parseArrayLiteral(text)).toEqual(expected);
  });

  it("uses the element type's delimiter", () => {
    expect(parseArrayLiteral('{(1,1),(0,0);(2,2),(1,1)}', ';')).toEqual(['(1,1),(0,0)', '(2,2),(1,1)']);
  });

  it.each(['{1,2', '1,2}', '{1,,2}', '{"a}', '{1}x'])('rejects %s', (text) => {
    expect(() => parseArrayLiteral(text)).toThrow(SyntaxError);
  });
});

describe('converters', () => {
  it('keeps int8 exact', () => {
    expect(scalar(20)('42')).toBe(42);
    expect(scalar(20)('-9007199254740991')).toBe(-9007199254740991);
    expect(scalar(20)('9007199254740993')).toBe('9007199254740993');
    expect(scalar(20)('-9223372036854775808')).toBe('-9223372036854775808');
  });

  it('spells non-finite floats as text', () => {
    expect(scalar(701)('0.1')).toBe(0.1);
    expect(scalar(701)('NaN')).toBe('NaN');
    expect(scalar(700)('-Infinity')).toBe('-Infinity');
  });

  it('writes timestamps as ISO 8601 without going through Date', () => {
    expect(scalar(1114)('2024-03-10 02:30:00.123456')).toBe('2024-03-10T02:30:00.123456');
    expect(scalar(1184)('2024-01-01 00:00:00-05')).toBe('2024-01-01T00:00:00-05:00');
    expect(scalar(1184)('2024-01-01 10:00:00+05:30')).toBe('2024-01-01T10:00:00+05:30');
    expect(scalar(1184)('1850-01-01 00:00:00+00:53:28')).toBe('1850-01-01T00:00:00+00:53:28');
    expect(scalar(1184)('infinity')).toBe('infinity');
    expect(scalar(1114)('0044-03-15 12:00:00 BC')).toBe('0044-03-15 12:00:00 BC');
  });

  it('converts array elements with the element type', () => {
    expect(array(16)('{t,f,NULL}')).toEqual([true, false, null]);
    expect(array(20)('{1,99999999999999999}')).toEqual([1, '99999999999999999']);
    expect(array(3802)('{"{\\"a\\": 1}",NULL}')).toEqual([{ a: 1 }, null]);
    expect(array(23)('not an array')).toBe('not an array');
  });
});

describe('error helpers', () => {
  it('formats durations for people', () => {
    expect(formatDuration(500)).toBe('500 ms');
    expect(formatDuration(15_000)).toBe('15 s');
    expect(formatDuration(2_500)).toBe('2.5 s');
  });

  it('redacts secrets raw and URL-encoded', () => {
    expect(redactSecrets('bad p@ss and p%40ss', ['p@ss'])).toBe('bad *** and ***');
    expect(redactSecrets('nothing here', [''])).toBe('nothing here');
  });
});
