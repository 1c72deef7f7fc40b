/** Logistic regression for the engine's confidence, fitted and cross-validated by database. */
import type { ConfidenceModel } from '../../src/engine/confidence.ts';
import type { Signals } from '../../src/engine/signals.ts';

export interface Sample {
  db: string;
  signals: Signals;
  right: boolean;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Fits weights on standardised signals with L2 regularisation (full-batch gradient descent). */
export function fitModel(samples: Sample[], threshold = 0.5, iterations = 1500, l2 = 0.01): ConfidenceModel {
  const features = Object.keys(samples[0]!.signals) as (keyof Signals)[];
  const rows = samples.map((s) => features.map((f) => s.signals[f]));
  const mean = features.map((_, j) => rows.reduce((a, r) => a + r[j]!, 0) / rows.length);
  const scale = features.map(
    (_, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j]! - mean[j]!) ** 2, 0) / rows.length) || 1,
  );
  const x = rows.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  const y = samples.map((s) => (s.right ? 1 : 0));
  const w = new Array(features.length).fill(0);
  let bias = 0;
  const rate = 0.5;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array(features.length).fill(0);
    let gradBias = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      let z = bias;
      for (let j = 0; j < xi.length; j++) z += w[j]! * xi[j]!;
      const err = sigmoid(z) - y[i]!;
      gradBias += err;
      for (let j = 0; j < xi.length; j++) grad[j] += err * xi[j]!;
    }
    bias -= (rate * gradBias) / x.length;
    for (let j = 0; j < w.length; j++) w[j] -= rate * (grad[j] / x.length + l2 * w[j]);
  }
  return { features, mean, scale, weights: w, bias, threshold };
}

/** Out-of-fold probabilities: databases split into `folds` groups, each scored by a model fitted on the rest. */
export function crossValidated(
  samples: Sample[],
  folds: number,
  predict: (m: ConfidenceModel, s: Signals) => number,
): number[] {
  const dbs = [...new Set(samples.map((s) => s.db))].sort();
  const foldOf = new Map(dbs.map((db, i) => [db, i % folds]));
  const out = new Array<number>(samples.length).fill(0);
  for (let k = 0; k < folds; k++) {
    const model = fitModel(samples.filter((s) => foldOf.get(s.db) !== k));
    samples.forEach((s, i) => {
      if (foldOf.get(s.db) === k) out[i] = predict(model, s.signals);
    });
  }
  return out;
}
