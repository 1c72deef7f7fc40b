import type { Composed } from './compose.ts';
import type { Frame } from './frame.ts';

/** Answers below this confidence are not given: the engine says what it could not place instead. */
export const answerThreshold = 0.6;

export interface ConfidenceInput {
  frame: Frame;
  composed: Composed;
  /** Content words no reading used, which could change the meaning. */
  unplaced: string[];
  /** Words no reading used that rarely change the meaning (verbs, units). */
  soft: string[];
}

/**
 * How sure the engine is, 0..1: the weakest link it relied on, lowered for every word it could not
 * place, every cue it could not apply, fuzzy values and joins it had to guess.
 */
export function confidenceOf({ frame, composed, unplaced, soft }: ConfidenceInput): number {
  const scores = frame.used.map((u) => u.candidate.score);
  let confidence = scores.length > 0 ? 0.5 + 0.5 * Math.min(...scores) : 0.3;
  for (const u of frame.used) if (u.candidate.kind === 'value' && u.candidate.match === 'fuzzy') confidence *= 0.85;
  confidence *= 0.5 ** unplaced.length;
  confidence *= 0.97 ** soft.length;
  confidence *= 0.55 ** frame.loose.length;
  confidence *= 0.98 ** composed.inferredJoins;
  confidence *= 0.97 ** Math.max(0, composed.joins - 1);
  return Math.max(0, Math.min(1, Math.round(confidence * 1000) / 1000));
}
