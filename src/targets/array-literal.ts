export type ArrayLiteral = (string | null | ArrayLiteral)[];

/**
 * Reads PostgreSQL's text form of an array — `{1,NULL,"a \"b\""}`, `{{1,2},{3,4}}`, or with
 * explicit bounds `[0:1]={1,2}` — into nested arrays of element texts.
 */
export function parseArrayLiteral(text: string, delimiter = ','): ArrayLiteral {
  let i = 0;
  if (text.startsWith('[')) {
    const equals = text.indexOf('=');
    if (equals < 0) throw new SyntaxError('array bounds without "="');
    i = equals + 1;
  }

  const fail = (what: string): never => {
    throw new SyntaxError(`malformed array literal: ${what} at offset ${i}`);
  };

  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };

  const readArray = (): ArrayLiteral => {
    if (text[i] !== '{') fail('expected "{"');
    i++;
    const items: ArrayLiteral = [];
    skipSpace();
    if (text[i] === '}') {
      i++;
      return items;
    }
    for (;;) {
      skipSpace();
      if (text[i] === '{') items.push(readArray());
      else if (text[i] === '"') items.push(readQuoted());
      else items.push(readUnquoted());
      skipSpace();
      if (text[i] === delimiter) {
        i++;
      } else if (text[i] === '}') {
        i++;
        return items;
      } else {
        fail(`unexpected ${i < text.length ? JSON.stringify(text[i]) : 'end'}`);
      }
    }
  };

  const readQuoted = (): string => {
    i++;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      value += text[i] ?? '';
      i++;
    }
    if (text[i] !== '"') fail('unterminated quoted element');
    i++;
    return value;
  };

  const readUnquoted = (): string | null => {
    let value = '';
    while (i < text.length && text[i] !== delimiter && text[i] !== '}') {
      if (text[i] === '\\') i++;
      value += text[i] ?? '';
      i++;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0) fail('empty element');
    return trimmed.toUpperCase() === 'NULL' ? null : trimmed;
  };

  const result = readArray();
  skipSpace();
  if (i !== text.length) fail('trailing text');
  return result;
}

/** An array read back into its text form, elements quoted where PostgreSQL would quote them. */
function arrayText(items: ArrayLiteral): string {
  const element = (item: string | null | ArrayLiteral): string => {
    if (item === null) return 'NULL';
    if (Array.isArray(item)) return arrayText(item);
    return item === '' || /^null$/i.test(item) || /[{}",\\\s]/.test(item)
      ? `"${item.replace(/["\\]/g, '\\$&')}"`
      : item;
  };
  return `{${items.map(element).join(',')}}`;
}

/**
 * The elements of an array's text form (`{a,"b c",NULL}`), each as text: the way to read anyarray
 * columns such as pg_stats' most common values, several times faster than having the server turn them
 * into JSON. An element that is itself an array comes back as its text (`{1,2}`); null for no array.
 */
export function arrayElements(text: string | null): (string | null)[] | null {
  if (text === null || !/^\s*(\[[^=]*=\s*)?\{/.test(text)) return null;
  return parseArrayLiteral(text.trim()).map((item) => (Array.isArray(item) ? arrayText(item) : item));
}
