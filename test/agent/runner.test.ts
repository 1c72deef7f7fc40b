import { describe, expect, it } from 'vitest';
import { END, type Graph, runGraph } from '../../src/agent/runner.ts';
import { applyUpdate, initialState } from '../../src/agent/state.ts';

type State = { count: number; seen: string[] };
type Name = 'a' | 'b';

const loop = (until: number): Graph<State, Partial<State>, null, Name> => ({
  start: 'a',
  apply: (state, update) => ({ ...state, ...update, seen: [...state.seen, ...(update.seen ?? [])] }),
  steps: {
    a: { run: async (s) => ({ count: s.count + 1, seen: ['a'] }), next: (s) => (s.count < until ? 'b' : END) },
    b: { run: async () => ({ seen: ['b'] }), next: () => 'a' },
  },
});

async function drain<T>(steps: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const step of steps) out.push(step);
  return out;
}

describe('the agent runner', () => {
  it('runs each step on the state the previous one left, routing on the updated state', async () => {
    const steps = await drain(runGraph(loop(3), { count: 0, seen: [] }, null));
    expect(steps.map((s) => s.step)).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(steps.at(-1)!.state).toEqual({ count: 3, seen: ['a', 'b', 'a', 'b', 'a'] });
    expect(steps[1]!.update).toEqual({ seen: ['b'] });
  });

  it('stops a run that does not finish within 25 steps', async () => {
    await expect(drain(runGraph(loop(1000), { count: 0, seen: [] }, null))).rejects.toThrow(/more than 25 steps/);
  });

  it('stops at once with Error("Abort") when the signal aborts during a step', async () => {
    const abort = new AbortController();
    const graph: Graph<State, Partial<State>, null, 'slow'> = {
      start: 'slow',
      apply: (s, u) => ({ ...s, ...u }),
      steps: { slow: { run: () => new Promise(() => {}), next: () => END } },
    };
    const run = drain(runGraph(graph, { count: 0, seen: [] }, null, abort.signal));
    setTimeout(() => abort.abort(), 10);
    await expect(run).rejects.toThrow('Abort');
  });

  it('adds notes, corrections, usage and timings to what the state holds, and replaces the rest', () => {
    let state = initialState({ question: 'q', connectionId: 'c', userId: 'u' });
    state = applyUpdate(state, {
      notes: ['one'],
      usage: { calls: 1, prompt_tokens: 10, completion_tokens: 2 },
      timings: { generate: 3 },
      intent: 'clarify',
    });
    state = applyUpdate(state, {
      notes: ['two'],
      corrections: ['fixed'],
      usage: { calls: 1, prompt_tokens: 5, completion_tokens: 1 },
      timings: { check: 1 },
      intent: 'query',
    });
    expect(state).toMatchObject({
      notes: ['one', 'two'],
      corrections: ['fixed'],
      usage: { calls: 2, prompt_tokens: 15, completion_tokens: 3 },
      timings: { generate: 3, check: 1 },
      intent: 'query',
      previous: null,
      explainMode: 'query',
    });
  });
});
