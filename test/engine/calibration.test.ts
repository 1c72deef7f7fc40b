import { describe, expect, it } from 'vitest';
import { heldOutByDatabase, reliabilityTable, thresholdFor, type Scored } from '../../src/engine/calibration.ts';
import { calibratedConfidence, confidenceModel } from '../../src/engine/confidence.ts';

const answers = (db: string, pairs: [number, boolean][]): Scored[] =>
  pairs.map(([confidence, right]) => ({ db, confidence, right }));

describe('confidence calibration', () => {
  it('bins answers by confidence with the share right in each', () => {
    const table = reliabilityTable(
      answers('a', [
        [0.95, true],
        [0.96, false],
        [0.5, true],
        [0.1, false],
      ]),
    );
    expect(table.find((b) => b.low === 0.95)).toMatchObject({ answered: 2, right: 1 });
    expect(table.find((b) => b.low === 0.5)).toMatchObject({ answered: 1, right: 1 });
    expect(table.reduce((n, b) => n + b.answered, 0)).toBe(4);
  });

  it('chooses the lowest threshold that keeps the target precision', () => {
    const scored = answers('a', [
      ...Array.from({ length: 20 }, (_, i) => [0.9 + i * 0.001, true] as [number, boolean]),
      [0.8, false],
      [0.7, true],
      [0.6, false],
    ]);
    expect(thresholdFor(scored, 0.95)).toBe(0.7); // 21 right of 22; one step lower is 21 of 23
    expect(thresholdFor(scored, 1)).toBe(0.9);
    expect(thresholdFor(scored, 0.95, 100)).toBe(1);
  });

  it('judges each database by a threshold chosen on the others', () => {
    const good = answers(
      'good',
      Array.from({ length: 30 }, () => [0.9, true] as [number, boolean]),
    );
    const bad = answers(
      'bad',
      Array.from({ length: 30 }, () => [0.9, false] as [number, boolean]),
    );
    const held = heldOutByDatabase(
      [...good, ...bad],
      new Map([
        ['good', 30],
        ['bad', 30],
      ]),
      0.9,
    );
    // Each database alone decides nothing about itself: the bad one is judged by the good one's threshold.
    expect(held.find((h) => h.db === 'bad')).toMatchObject({ threshold: 0.9, answered: 30, right: 0 });
    expect(held.find((h) => h.db === 'good')).toMatchObject({ threshold: 1, answered: 0 });
  });

  it('turns signals into a probability that rises with grounding', () => {
    const base = Object.fromEntries(
      confidenceModel.features.map((f, j) => [f, confidenceModel.mean[j]!]),
    ) as unknown as Parameters<typeof calibratedConfidence>[0];
    const grounded = calibratedConfidence({ ...base, prior: 1, coverage: 1, unplaced: 0 });
    const loose = calibratedConfidence({ ...base, prior: 0.2, coverage: 0.4, unplaced: 3 });
    expect(grounded).toBeGreaterThan(loose);
    for (const p of [grounded, loose]) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });
});
