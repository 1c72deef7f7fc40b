/*
 * Near-JSON as small models write it, made into JSON: comments, trailing commas, single-quoted
 * strings, bare keys, raw newlines inside strings, unescaped double quotes inside SQL strings,
 * a forgotten comma between members, Python's True/False/None.
 */

/** Where the first {...} starts and ends, counting braces outside strings and comments. */
export interface FoundObject {
  body: string;
  /** False when the text ended before the object closed: the output was cut off. */
  complete: boolean;
}

/** The balanced objects in `text`, starting at each `{` in turn (a later one when prose before it had braces). */
export function* jsonObjectsIn(text: string): Generator<FoundObject> {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = objectEnd(text, start);
    yield end < 0 ? { body: text.slice(start), complete: false } : { body: text.slice(start, end), complete: true };
    if (end < 0) return;
  }
}

/** Index just past the `}` that balances the `{` at `start`, or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      if (end < 0) return -1;
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Index of the quote closing the string that opens at `start`, or -1. A quote only closes the string
 * when what follows could follow a JSON value (`,` `}` `]` `:`, or a newline): models write
 * `"sql": "SELECT "name" FROM t"` and mean the inner quotes literally.
 */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === quote && closesValue(text, i + 1)) return i;
  }
  return -1;
}

function closesValue(text: string, from: number): boolean {
  const rest = /^[ \t]*(\r?\n|[,}\]:]|$)/.exec(text.slice(from, from + 64));
  return rest !== null;
}

/** Rewrites one object's text as strict JSON (best effort; JSON.parse has the last word). */
export function repairJson(body: string): string {
  let out = '';
  let i = 0;
  const lastSignificant = () => out.trimEnd().at(-1);
  const needsComma = () => {
    const last = lastSignificant();
    return last !== undefined && /["}\]\w]/.test(last);
  };
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(body, i);
      const content = body.slice(i + 1, end < 0 ? body.length : end);
      if (needsComma()) out += ',';
      out += `"${jsonStringContent(content)}"`;
      i = end < 0 ? body.length : end + 1;
      continue;
    }
    if (c === '/' && body[i + 1] === '/') {
      const end = body.indexOf('\n', i);
      i = end < 0 ? body.length : end;
      continue;
    }
    if (c === '/' && body[i + 1] === '*') {
      const end = body.indexOf('*/', i + 2);
      i = end < 0 ? body.length : end + 2;
      continue;
    }
    if (c === '}' || c === ']') {
      out = out.trimEnd();
      if (out.endsWith(',')) out = out.slice(0, -1);
      out += c;
      i++;
      continue;
    }
    const number = /^-?\d[\d.eE+-]*/.exec(body.slice(i, i + 64))?.[0];
    if (number) {
      if (needsComma()) out += ',';
      out += number;
      i += number.length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(body.slice(i, i + 256))?.[0];
    if (word) {
      const isKey = /^\s*:/.test(body.slice(i + word.length, i + word.length + 16));
      if (needsComma()) out += ',';
      out += isKey ? `"${word}"` : (pythonLiterals[word] ?? word);
      i += word.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const pythonLiterals: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/** The inside of a string, re-escaped for a double-quoted JSON string. */
function jsonStringContent(content: string): string {
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === '\\') {
      const next = content[i + 1];
      if (next === undefined) break;
      // \' is not a JSON escape; anything else after a backslash is kept as the model wrote it.
      out += next === "'" ? "'" : /["\\/bfnrtu]/.test(next) ? `\\${next}` : `\\\\${next}`;
      i++;
    } else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c < ' ') out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/**
 * The string members that survived in a JSON object that was cut off or is beyond repair:
 * `{"intent": "query", "sql": "SELECT …", "rationale": "Cou` still yields intent and sql.
 */
export function salvageMembers(body: string, keys: readonly string[]): Record<string, string | string[]> {
  const found: Record<string, string | string[]> = {};
  for (const key of keys) {
    const member = new RegExp(`["']?${key}["']?\\s*:\\s*(["'\\[])`).exec(body);
    if (!member) continue;
    const valueStart = member.index + member[0].length - 1;
    if (member[1] === '[') {
      const close = body.indexOf(']', valueStart);
      if (close < 0) continue;
      found[key] = [...body.slice(valueStart + 1, close).matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!);
      continue;
    }
    const end = stringEnd(body, valueStart);
    if (end < 0) continue;
    found[key] = JSON.parse(`"${jsonStringContent(body.slice(valueStart + 1, end))}"`) as string;
  }
  return found;
}
