/** The words of questions and of names, as retrieval compares them: lower case, singular, no function words. */
import { singular, splitIdentifier, stopWords } from '../text/index.ts';

/** Content words of a question, lower case and singular, in order, without repeats. */
export function questionWords(question: string): string[] {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
    (w) => !stopWords.has(w) && (w.length >= 2 || /\d/.test(w)),
  );
  return [...new Set(words.map((w) => (/^\p{L}+$/u.test(w) ? singular(w) : w)))];
}

/** The words of an identifier (snake_case, camelCase, run-together), singular. */
export function nameWords(identifier: string): string[] {
  return splitIdentifier(identifier).map((w) => (/^\p{L}+$/u.test(w) ? singular(w) : w));
}

/** Content words of free text (a comment, a note), singular. */
export function textWords(text: string): string[] {
  return questionWords(text);
}

const maxPhraseWords = 4;

/**
 * Phrases of the question that may be stored values, original case kept: quoted strings, and runs of
 * one to four words that neither start nor end with a function word.
 */
export function valuePhrases(question: string): string[] {
  const phrases = new Set<string>();
  for (const m of question.matchAll(/["'“‘`]([^"'”’`]{1,80})["'”’`]/g)) phrases.add(m[1]!.trim());
  const tokens = question.match(/[\p{L}\p{N}][\p{L}\p{N}.&'-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
  for (let start = 0; start < tokens.length; start++) {
    if (stopWords.has(tokens[start]!.toLowerCase())) continue;
    for (let end = start; end < Math.min(tokens.length, start + maxPhraseWords); end++) {
      const last = tokens[end]!.toLowerCase();
      if (stopWords.has(last) && end > start) continue;
      const phrase = tokens.slice(start, end + 1).join(' ');
      if (phrase.length >= 2) phrases.add(phrase);
    }
  }
  return [...phrases].filter((p) => p.trim().length > 0);
}

/**
 * The phrases worth matching loosely (by trigrams) against stored values: quoted strings, runs of
 * capitalised words (names), and single content words of four letters or more.
 */
export function fuzzyPhrases(question: string): string[] {
  const phrases = new Set<string>();
  for (const m of question.matchAll(/["'“‘`]([^"'”’`]{1,80})["'”’`]/g)) phrases.add(m[1]!.trim());
  for (const m of question.matchAll(
    /\b\p{Lu}[\p{L}\p{N}.&'-]*(?:\s+(?:of|the|and|to|a|an|in|on|for|de|la|van|von|\p{Lu}[\p{L}\p{N}.&'-]*))*\s+\p{Lu}[\p{L}\p{N}.&'-]*/gu,
  ))
    phrases.add(m[0]);
  for (const w of question.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [])
    if (w.length >= 4 && !stopWords.has(w.toLowerCase())) phrases.add(w);
  return [...phrases];
}
