/** How the engine looks up stored values; the app implements it over its trigram index. */

export interface ValueMatch {
  schema: string;
  table: string;
  column: string;
  value: string;
  /** 0..1, 1 for an exact match. */
  score: number;
  match: 'exact' | 'case-insensitive' | 'fuzzy';
}

export interface ValueLookup {
  find(phrase: string, limit?: number): Promise<ValueMatch[]>;
}

/** Trigrams as pg_trgm makes them: lower-case words padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** pg_trgm's similarity(): shared trigrams over all distinct trigrams of both. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}
