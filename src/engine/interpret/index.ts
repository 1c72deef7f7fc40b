import type { Frame } from '../frame.ts';
import type { Mention } from '../link.ts';
import type { IndexedTable } from '../schema-index.ts';
import type { Token } from '../tokenize.ts';
import type { CueMatch } from '../understand.ts';
import { joinAlternatives } from './conditions.ts';
import { settleLeftovers } from './leftovers.ts';
import { readMeasures } from './measures.ts';
import { readOrder } from './order.ts';
import { readRatio } from './ratio.ts';
import { type Reading, startReading } from './reading.ts';
import { readStructure } from './structure.ts';
import { readShown, readSubject } from './subject.ts';
import { rankByTerm, readTerms } from './terms.ts';
import { readValues } from './values.ts';

export interface Interpretation {
  frame: Frame;
  /** Tokens some part of the frame rests on. */
  usedTokens: Set<number>;
  /** Where cues start whose words are part of a name, so they ask for nothing. */
  namedCues: Set<number>;
}

/**
 * The phases of interpretation, in order. Each reads what earlier ones left unclaimed: terms people
 * defined first, then the words right after aggregate and superlative cues, then the other cues,
 * stored values, the subject, what is shown, the order, alternatives, a ratio and what is left.
 */
export const phases: readonly { name: string; run: (r: Reading) => void }[] = [
  { name: 'terms', run: readTerms },
  { name: 'measures', run: readMeasures },
  { name: 'structure', run: readStructure },
  { name: 'values', run: readValues },
  { name: 'subject', run: readSubject },
  { name: 'shown', run: readShown },
  { name: 'order', run: readOrder },
  { name: 'alternatives', run: joinAlternatives },
  { name: 'ratio', run: readRatio },
  { name: 'leftovers', run: settleLeftovers },
  { name: 'term ranking', run: (r) => rankByTerm(r.frame) },
];

/** Turns the cues and linked mentions of a question into an intent frame. */
export function interpret(
  tokens: Token[],
  cues: CueMatch[],
  mentions: Mention[],
  tables: IndexedTable[] = [],
): Interpretation {
  const reading = startReading(tokens, cues, mentions, tables);
  for (const phase of phases) phase.run(reading);
  return { frame: reading.frame, usedTokens: reading.usedTokens, namedCues: reading.namedCues };
}

export { startReading, type Reading } from './reading.ts';
