/**
 * Word knowledge of the built-in engine, over the shared text module (WordNet, inflection,
 * identifier splitting): dictionary forms, synonyms and the abbreviations databases use in names.
 */
import { abbreviations, singular, splitIdentifier, stopWords as functionWords, synonymsOf } from '../text/index.ts';

/** Singular dictionary form of an English word (lower-case in, lower-case out). */
export function lemma(word: string): string {
  return singular(word);
}

/** Words that carry no meaning for linking: function words, and words about the database itself. */
export const stopWords: ReadonlySet<string> = new Set([
  ...functionWords,
  ...`one ones whole database data table row rows information info overall currently current respectively`
    .split(/\s+/)
    .filter(Boolean),
]);

/** Words in a name that qualify rather than identify (a `country_name` column is about the country). */
export const genericNameWords = new Set([
  'name',
  'id',
  'code',
  'key',
  'num',
  'number',
  'no',
  'value',
  'text',
  'str',
  'desc',
]);

/** Splits a database name into lower-case words: snake_case, camelCase, digits, then known words. */
export function splitName(name: string, extraVocabulary?: ReadonlySet<string>): string[] {
  return splitIdentifier(name, extraVocabulary);
}

/** The word an abbreviation stands for, else the word itself, in dictionary form. */
export function expand(word: string): string[] {
  const full = abbreviations.get(word);
  return (full ?? lemma(word)).split(' ');
}

/** True when two dictionary-form words may name the same thing (WordNet synonyms). */
export function related(a: string, b: string): boolean {
  if (a === b) return true;
  return synonymsOf(a).has(b) || synonymsOf(b).has(a);
}
