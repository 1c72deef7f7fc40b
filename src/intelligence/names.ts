const wordsCache = new Map<string, string[]>();

/** Words of an identifier: "sbCustJoinDate" → [sb, cust, join, date]; "order_items" → [order, items]. */
export function nameWords(name: string): string[] {
  let words = wordsCache.get(name);
  if (!words) {
    words = splitWords(name);
    if (wordsCache.size > 100_000) wordsCache.clear();
    wordsCache.set(name, words);
  }
  return words;
}

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Lower case without separators, for comparing "customerId", "customer_id" and "CustomerID". */
export function compactName(name: string): string {
  return nameWords(name).join('');
}

/** A readable phrase for an identifier: "sbCustJoinDate" → "sb cust join date". */
export function humanize(name: string): string {
  return nameWords(name).join(' ');
}

const irregularPlurals: Record<string, string> = { people: 'person', children: 'child', men: 'man', women: 'woman', data: 'data', media: 'media' };

/** The singular of an English noun, well enough for table names ("categories" → "category"). */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  if (irregularPlurals[lower]) return irregularPlurals[lower];
  if (/ies$/.test(lower) && lower.length > 4) return lower.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(lower)) return lower;
  if (/(s|x|z|ch|sh)es$/.test(lower)) return lower.slice(0, -2);
  if (/s$/.test(lower) && lower.length > 2) return lower.slice(0, -1);
  return lower;
}

/** The table name's words with the last one made singular: "order_items" → [order, item]. */
export function singularWords(name: string): string[] {
  const words = nameWords(name);
  if (words.length === 0) return words;
  return [...words.slice(0, -1), singular(words.at(-1)!)];
}

/** True for identifiers named like keys: id, *_id, *Id, *ID, *_uuid, uuid. */
export function isIdLikeName(name: string): boolean {
  if (/^(id|uuid|guid)$/i.test(name)) return true;
  if (/[_\s-](id|uuid|guid)$/i.test(name)) return true;
  return /[a-z0-9](Id|ID|Uuid|UUID)$/.test(name);
}
