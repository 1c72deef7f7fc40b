/** Identifiers as words: snake_case, camelCase, digits, and run-together words (dailyprice → daily price). */
import { abbreviations } from './abbreviations.ts';
import { singular } from './inflect.ts';
import { isEnglishWord } from './wordnet.ts';

/** Lower-case pieces of an identifier at its explicit boundaries: "sbCustJoinDate" → [sb, cust, join, date]. */
export function identifierParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Words of an identifier, with run-together pieces split when English words (or the database's own
 * words, `vocabulary`) cover them completely.
 */
export function splitIdentifier(name: string, vocabulary?: ReadonlySet<string>): string[] {
  return identifierParts(name).flatMap((part) => segment(part, vocabulary));
}

const segmentCache = new Map<string, string[]>();

function isKnown(piece: string, vocabulary?: ReadonlySet<string>): boolean {
  if (abbreviations.has(piece) || (vocabulary?.has(piece) ?? false)) return true;
  return piece.length >= 3 && (isEnglishWord(piece) || isEnglishWord(singular(piece)));
}

/** Splits a run of letters into the fewest known words that cover it, else keeps it whole. */
function segment(part: string, vocabulary?: ReadonlySet<string>): string[] {
  if (/\d/.test(part) || isKnown(part)) return [part];
  // "cname", "dname", "stuid": a short prefix (the table's initials) before a generic name word.
  const prefixed = /^([a-z]{1,3})(name|id|no|num|number|code)$/.exec(part);
  if (prefixed) return [prefixed[1]!, prefixed[2]!];
  if (part.length <= 5) return [part];
  const key = vocabulary ? '' : part;
  const cached = key ? segmentCache.get(key) : undefined;
  if (cached) return cached;
  const best: (string[] | null)[] = new Array(part.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= part.length; end++)
    for (let start = Math.max(0, end - 20); start < end; start++) {
      const before = best[start];
      const piece = part.slice(start, end);
      // The database's words help split a name ("stu" + "address"), but a name is not its own piece.
      if (!before || piece.length < 2 || !isKnown(piece, piece === part ? undefined : vocabulary)) continue;
      const candidate = [...before, piece];
      const current = best[end];
      if (!current || candidate.length < current.length) best[end] = candidate;
    }
  const result = best[part.length] ?? [part];
  if (key) segmentCache.set(key, result);
  return result;
}
