/** Dictionary forms of English words: WordNet's lemmatiser (wink-lemmatizer), pluralize for words it does not know. */
import pluralize from 'pluralize';
import lemmatizer from 'wink-lemmatizer';
import { isEnglishWord } from './wordnet.ts';

/** Plurals whose WordNet lemma is rarely what a question means ("data" is not "datum"). */
const keptPlurals: ReadonlyMap<string, string> = new Map([
  ['data', 'data'],
  ['media', 'media'],
  ['people', 'person'],
  ['species', 'species'],
  ['series', 'series'],
  ['physics', 'physics'],
  ['ids', 'id'],
]);

const nounCache = new Map<string, string>();

/** Singular dictionary form of a noun (lower case in and out): categories → category, ids → id. */
export function singular(word: string): string {
  const cached = nounCache.get(word);
  if (cached !== undefined) return cached;
  let result = keptPlurals.get(word) ?? (word.length <= 3 ? word : lemmatizer.noun(word));
  // Words WordNet does not know (product names, jargon) still lose a plain plural ending.
  if (result === word && word.length > 3 && /[^su]s$/.test(word) && !isEnglishWord(word))
    result = pluralize.singular(word);
  if (nounCache.size > 50_000) nounCache.clear();
  nounCache.set(word, result);
  return result;
}

/** Base form of an adjective: longest → long, best → good. */
export function adjectiveBase(word: string): string {
  return lemmatizer.adjective(word);
}

/** Base form of a verb: sold → sell, visited → visit. */
export function verbBase(word: string): string {
  return lemmatizer.verb(word);
}

/** True for a comparative or superlative adjective (cheapest, longer, best). */
export function isGradedAdjective(word: string): boolean {
  const base = adjectiveBase(word);
  return base !== word && isEnglishWord(base, 'adj');
}
