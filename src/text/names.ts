import { identifierParts } from './identifiers.ts';
import { singular as singularNoun } from './inflect.ts';

/** Words of an identifier: "sbCustJoinDate" → [sb, cust, join, date]; "order_items" → [order, items]. */
export function nameWords(name: string): string[] {
  return identifierParts(name);
}

/** Lower case without separators, for comparing "customerId", "customer_id" and "CustomerID". */
export function compactName(name: string): string {
  return nameWords(name).join('');
}

/** A readable phrase for an identifier: "sbCustJoinDate" → "sb cust join date". */
export function humanize(name: string): string {
  return nameWords(name).join(' ');
}

/** The singular of an English noun ("categories" → "category"), from the shared text module. */
export function singular(word: string): string {
  return singularNoun(word.toLowerCase());
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
