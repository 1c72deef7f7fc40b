/**
 * Runs a graph of steps one at a time: each step reads the state and returns an update, which is
 * applied to the state; then the step's route names the next step from the updated state. This is
 * the part of LangGraph's StateGraph the agent used (no parallel branches, checkpoints or
 * interrupts), without its per-step tracing and bookkeeping, which cost more CPU than the steps.
 */
export const END = '__end__';

interface Step<S, U, C, N extends string> {
  run(state: S, config: C): Promise<U>;
  next(state: S, config: C): N | typeof END;
}

export interface Graph<S, U, C, N extends string> {
  start: N;
  steps: Record<N, Step<S, U, C, N>>;
  apply(state: S, update: U): S;
}

export interface StepDone<S, U, N extends string> {
  step: N;
  /** What the step returned. */
  update: U;
  /** The state after it. */
  state: S;
}

/** At most this many steps per run, as LangGraph's default recursion limit had it. */
const STEP_LIMIT = 25;

/**
 * Runs the graph from its start step, yielding after each step. Aborting `signal` stops the run at
 * once with an Error("Abort"): the step in flight is not waited for (it sees the same signal).
 */
export async function* runGraph<S, U, C, N extends string>(
  graph: Graph<S, U, C, N>,
  initial: S,
  config: C,
  signal?: AbortSignal,
): AsyncGenerator<StepDone<S, U, N>> {
  let state = initial;
  let step: N | typeof END = graph.start;
  for (let count = 0; step !== END; count++) {
    if (count === STEP_LIMIT) throw new Error(`The agent took more than ${STEP_LIMIT} steps without finishing`);
    const current: Step<S, U, C, N> = graph.steps[step];
    const update = await untilAborted(current.run(state, config), signal);
    state = graph.apply(state, update);
    yield { step, update, state };
    step = current.next(state, config);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Error('Abort'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('Abort'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
