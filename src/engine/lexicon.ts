/**
 * Word knowledge of the built-in engine, over the shared text module (WordNet, inflection,
 * identifier splitting): dictionary forms, synonyms and the abbreviations databases use in names.
 */
import {
  abbreviations,
  isKindOf,
  singular,
  splitIdentifier,
  stopWords as functionWords,
  synonymsOf,
} from '../text/index.ts';
import type { IndexedColumn } from './schema-index.ts';

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

/** A word of the question that carries no meaning for linking ("US" in capitals is a name, "us" is not). */
export function isStopWord(token: { lower: string; acronym?: true }): boolean {
  return !token.acronym && stopWords.has(token.lower);
}

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

const namesPlace = (word: string) =>
  ['location', 'address', 'structure', 'road', 'nation'].some((kind) => isKindOf(word, kind));
const namesTime = (word: string) => ['time_period', 'time_unit', 'date', 'time'].some((kind) => isKindOf(word, kind));

/** A column that can answer "where …?": its name names a place (WordNet: a kind of location, address, building). */
export function answersWhere(c: IndexedColumn): boolean {
  return c.forms.some((f) => f.some(namesPlace));
}

/** A column that can answer "when …?": a date or time, a year-like number, or a name that names a time. */
export function answersWhen(c: IndexedColumn): boolean {
  return c.temporal || yearLike(c) || c.forms.some((f) => f.some(namesTime));
}

/** A number column whose values all look like years (founded 1850). */
function yearLike(c: IndexedColumn): boolean {
  const { min, max } = c.info.profile ?? {};
  return c.numeric && min != null && max != null && Number(min) >= 1000 && Number(max) <= 2100;
}
