/**
 * Parses the text form of a one-dimensional PostgreSQL array ('{a,"b c",NULL}') into its elements.
 * Reading pg_stats' value arrays as text and parsing them here is several times faster than having
 * the server turn them into JSON. Elements of nested arrays come back as their own text ("{1,2}").
 */
export function parseTextArray(literal: string | null): (string | null)[] | null {
  if (literal === null) return null;
  let i = literal.indexOf('{');
  if (i < 0) return null;
  const items: (string | null)[] = [];
  i++;
  while (i < literal.length && literal[i] !== '}') {
    if (literal[i] === '"') {
      let value = '';
      i++;
      while (i < literal.length && literal[i] !== '"') {
        if (literal[i] === '\\') i++;
        value += literal[i] ?? '';
        i++;
      }
      items.push(value);
      i++; // closing quote
    } else if (literal[i] === '{') {
      // a nested array, kept as text
      const start = i;
      let depth = 0;
      do {
        if (literal[i] === '{') depth++;
        else if (literal[i] === '}') depth--;
        i++;
      } while (i < literal.length && depth > 0);
      items.push(literal.slice(start, i));
    } else {
      const start = i;
      while (i < literal.length && literal[i] !== ',' && literal[i] !== '}') i++;
      const raw = literal.slice(start, i).trim();
      items.push(raw.toUpperCase() === 'NULL' ? null : raw);
    }
    if (literal[i] === ',') i++;
  }
  return items;
}
