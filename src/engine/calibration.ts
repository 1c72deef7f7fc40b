/**
 * Turning the engine's raw confidence into what it should mean: the share of answers that are right.
 * The bench (`npm run bench:engine`) measures it with every database held out in turn and prints the
 * table this module's functions compute.
 */

export interface Scored {
  db: string;
  confidence: number;
  /** Right (true), wrong or failed (false); abstentions are not scored here. */
  right: boolean;
}

export interface Bin {
  low: number;
  high: number;
  answered: number;
  right: number;
}

/** Answers binned by confidence, with the share right in each bin. */
export function reliabilityTable(
  answers: Scored[],
  edges = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001],
): Bin[] {
  const bins = edges.slice(0, -1).map((low, i) => ({ low, high: edges[i + 1]!, answered: 0, right: 0 }));
  for (const a of answers) {
    const bin = bins.find((b) => a.confidence >= b.low && a.confidence < b.high);
    if (!bin) continue;
    bin.answered++;
    if (a.right) bin.right++;
  }
  return bins;
}

/**
 * The lowest threshold at which the answers at or above it are at least `target` right, counting
 * only thresholds that keep `minAnswers` answers; 1 when none reaches the target.
 */
export function thresholdFor(answers: Scored[], target: number, minAnswers = 20): number {
  const sorted = [...answers].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best = 1;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.right) right++;
    const next = sorted[i + 1];
    if (next && next.confidence === sorted[i]!.confidence) continue;
    if (i + 1 >= minAnswers && right / (i + 1) >= target) best = sorted[i]!.confidence;
  }
  return best;
}

export interface HeldOut {
  db: string;
  threshold: number;
  questions: number;
  answered: number;
  right: number;
}

/**
 * For each database: the threshold chosen on every OTHER database, applied to this one. What a
 * new database would see, so rules are judged on databases they were not tuned on.
 */
export function heldOutByDatabase(answers: Scored[], questionsPerDb: Map<string, number>, target: number): HeldOut[] {
  return [...questionsPerDb.entries()].map(([db, questions]) => {
    const threshold = thresholdFor(
      answers.filter((a) => a.db !== db),
      target,
    );
    const mine = answers.filter((a) => a.db === db && a.confidence >= threshold);
    return { db, threshold, questions, answered: mine.length, right: mine.filter((a) => a.right).length };
  });
}
