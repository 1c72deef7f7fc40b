/** What a question implies about its answer, for deciding whether an empty result deserves a second look. */

/** Yes/no questions ("Is there…", "Does any…") and questions allowing none ("…, if any") may rightly find no rows. */
const mayBeEmpty =
  /^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b|\bif any\b|\b(any|no|none)\b.*\?$/i;

/** True when the question asks for rows that should exist: a list, a value, a figure. */
export function expectsRows(question: string): boolean {
  return !mayBeEmpty.test(question.trim());
}
