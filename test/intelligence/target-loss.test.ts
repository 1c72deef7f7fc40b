import { describe, expect, it } from 'vitest';
import type { QueryFn } from '../../src/intelligence/query.ts';
import { meansTargetLost, watchTarget } from '../../src/intelligence/target-loss.ts';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code, severity: 'ERROR' });

describe('target loss', () => {
  it('tells a target that went away from one query that failed', () => {
    expect(meansTargetLost(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(meansTargetLost(pgError('3D000', 'database "x" does not exist'))).toBe(true);
    expect(meansTargetLost(pgError('08006'))).toBe(true);
    expect(meansTargetLost(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(meansTargetLost(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(meansTargetLost(pgError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(meansTargetLost(pgError('42501', 'permission denied for table secrets'))).toBe(false);
    expect(meansTargetLost(pgError('42P01', 'relation "gone" does not exist'))).toBe(false);
  });

  it('fails the run after a loss, and every later query at once, but not after a tolerated failure', async () => {
    const calls: string[] = [];
    const failing: Record<string, Error> = { denied: pgError('42501'), dropped: pgError('57P01') };
    const query: QueryFn = async <T>(sql: string) => {
      calls.push(sql);
      if (failing[sql]) throw failing[sql];
      return [] as T[];
    };
    const target = watchTarget(query);
    await expect(target.query('denied')).rejects.toBe(failing.denied);
    expect(() => target.throwIfLost()).not.toThrow();
    await expect(target.query('dropped')).rejects.toBe(failing.dropped);
    await expect(target.query('later')).rejects.toBe(failing.dropped);
    expect(calls).toEqual(['denied', 'dropped']);
    expect(() => target.throwIfLost()).toThrow(failing.dropped!);
  });
});
