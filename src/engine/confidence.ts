import fitted from './confidence-model.json' with { type: 'json' };
import type { Composed } from './compose.ts';
import type { Frame } from './frame.ts';
import type { Signals } from './signals.ts';

/**
 * A logistic model over the reading's signals, fitted by `npm run bench:engine -- --write-model` on
 * the shared benchmarks with databases held out (see bench/engine/run.ts). Its output is the share of
 * readings like this one that were right on databases the model never saw.
 */
export interface ConfidenceModel {
  features: (keyof Signals)[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** The lowest confidence at which held-out answers were at least 95 % right. */
  threshold: number;
}

export const confidenceModel = fitted as ConfidenceModel;

/** Answers below this confidence are not given: the engine asks back or says what it could not place. */
export const answerThreshold = confidenceModel.threshold;

/** The probability that a reading is right, from its signals. */
export function calibratedConfidence(signals: Signals, model: ConfidenceModel = confidenceModel): number {
  let z = model.bias;
  model.features.forEach((f, j) => {
    z += model.weights[j]! * (((signals[f] ?? 0) - model.mean[j]!) / model.scale[j]!);
  });
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}

export interface PriorInput {
  frame: Frame;
  composed: Composed;
  /** Content words no reading used, which could change the meaning. */
  unplaced: string[];
  /** Words no reading used that rarely change the meaning (verbs, units). */
  soft: string[];
}

/**
 * A rule-of-thumb score, 0..1: the weakest link relied on, lowered for every word not placed, every
 * cue not applied, fuzzy values and guessed joins. One signal among others for the model above.
 */
export function priorConfidence({ frame, composed, unplaced, soft }: PriorInput): number {
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
