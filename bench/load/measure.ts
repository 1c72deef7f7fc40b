/** One fixed-time scenario through autocannon (as a library), with its own latency and error counts. */
import autocannon from 'autocannon';
import { type ProcessReading, processReading } from './server-metrics.ts';

export interface Step {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path, or a function of the client's context (ids captured from earlier steps). */
  path: string | ((context: Record<string, any>) => string);
  headers?: (context: Record<string, any>) => Record<string, string>;
  body?: (context: Record<string, any>) => unknown;
  /** Reads what later steps need from the answer (called only on 2xx). */
  capture?: (body: any, context: Record<string, any>) => void;
  /** Counted as the scenario's unit (an answer); default: every step. */
  counts?: boolean;
}

export interface Scenario {
  name: string;
  steps: Step[];
  connections: number;
  seconds: number;
  /** Sends at most this many requests per second in all (the soak's fixed rate). */
  rate?: number;
}

export interface Figures {
  name: string;
  /** Units per second: every request, or the counted steps'. */
  rps: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** What answered non-2xx or failed, with a count each (for the report). */
  failures: Record<string, number>;
  /** Named figures `collect` read from each counted answer (e.g. AskDB's own time per answer). */
  samples: Sample[];
  /** Every counted request's latency (ms), sorted. */
  latencies: number[];
}

/** Named figures of one answer, read by a scenario's `collect` from its body and latency (ms). */
export type Sample = Record<string, number>;
export type Collect = (body: any, ms: number) => Sample | null;

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs the scenario for its fixed time; latencies are of the counted steps. */
export async function runScenario(base: string, scenario: Scenario, collect?: Collect): Promise<Figures> {
  const latencies: number[] = [];
  const samples: Sample[] = [];
  const failures: Record<string, number> = {};
  let errors = 0;
  const anyCounted = scenario.steps.some((s) => s.counts);
  const counted = scenario.steps.map((s) => (anyCounted ? s.counts === true : true));
  const fail = (key: string) => {
    errors++;
    failures[key] = (failures[key] ?? 0) + 1;
  };

  const requests = scenario.steps.map((step, index) => ({
    method: step.method,
    setupRequest: (request: any, context: Record<string, any>) => {
      // A step whose inputs an earlier failure left out (a session id, a token) starts the sequence again.
      const path = typeof step.path === 'string' ? step.path : step.path(context);
      const headers = step.headers?.(context) ?? {};
      if (path.includes('undefined') || Object.values(headers).some((v) => v.includes('undefined'))) return null;
      context.startedAt = performance.now();
      const body = step.body?.(context);
      return {
        ...request,
        path,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
    },
    onResponse: (status: number, body: string, context: Record<string, any>) => {
      const ms = performance.now() - (context.startedAt as number);
      if (status < 200 || status >= 300) {
        fail(`${step.method} ${typeof step.path === 'string' ? step.path : `step ${index + 1}`} → ${status}`);
        return;
      }
      if (counted[index]) latencies.push(ms);
      if (step.capture || (collect && counted[index])) {
        const parsed = body ? JSON.parse(body) : null;
        step.capture?.(parsed, context);
        const sample = counted[index] ? collect?.(parsed, ms) : null;
        if (sample != null) samples.push(sample);
      }
    },
  }));

  const options = {
    url: base,
    connections: scenario.connections,
    duration: scenario.seconds,
    timeout: 30,
    ...(scenario.rate ? { overallRate: scenario.rate } : {}),
    requests: requests as never,
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('reqError', (error: Error) => fail(`transport: ${error.message}`));
  });
  errors += result.timeouts;
  if (result.timeouts) failures.timeouts = (failures.timeouts ?? 0) + result.timeouts;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name: scenario.name,
    rps: latencies.length / scenario.seconds,
    requests: latencies.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    errors,
    failures,
    samples,
    latencies: sorted,
  };
}

const unread: ProcessReading = { loopMaxMs: NaN, loopP99Ms: NaN, cpuSeconds: NaN, stageSeconds: new Map() };

/**
 * Runs a scenario over several `serve` processes side by side, its clients spread evenly (one
 * autocannon each): the figures of each and of all, the longest event-loop delay among them, and the
 * CPU time they used in all and the time spent in each answer stage (ms, from each process's
 * /metrics before and after).
 */
export async function runSpread(
  bases: string[],
  scenario: Scenario,
  collect?: Collect,
): Promise<{
  figures: Figures;
  parts: Figures[];
  loopMs: number;
  loopP99Ms: number;
  cpuMs: number;
  stagesMs: Map<string, number>;
}> {
  const before = await Promise.all(bases.map((b) => processReading(b).catch(() => unread)));
  const share = (i: number) =>
    Math.floor(scenario.connections / bases.length) + (i < scenario.connections % bases.length ? 1 : 0);
  const parts = await Promise.all(
    bases.map((b, i) =>
      runScenario(
        b,
        { ...scenario, connections: share(i), rate: scenario.rate && scenario.rate / bases.length },
        collect,
      ),
    ),
  );
  const after = await Promise.all(bases.map((b) => processReading(b).catch(() => unread)));
  const figures = parts.length === 1 ? parts[0]! : mergeFigures(scenario.name, parts, scenario.seconds);
  const cpuMs = after.reduce((sum, a, i) => sum + (a.cpuSeconds - before[i]!.cpuSeconds) * 1000, 0);
  const stagesMs = new Map<string, number>();
  after.forEach((a, i) => {
    for (const [stage, seconds] of a.stageSeconds)
      stagesMs.set(stage, (stagesMs.get(stage) ?? 0) + (seconds - (before[i]!.stageSeconds.get(stage) ?? 0)) * 1000);
  });
  return {
    figures,
    parts,
    loopMs: Math.max(...after.map((a) => a.loopMaxMs)),
    loopP99Ms: Math.max(...after.map((a) => a.loopP99Ms)),
    cpuMs,
    stagesMs,
  };
}

/** Figures of several processes as one: latencies are recomputed from every sample. */
export function mergeFigures(name: string, parts: Figures[], secondsRun: number): Figures {
  const all = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const failures: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p.failures)) failures[k] = (failures[k] ?? 0) + n;
  return {
    name,
    rps: all.length / secondsRun,
    requests: all.length,
    p50: percentile(all, 0.5),
    p95: percentile(all, 0.95),
    p99: percentile(all, 0.99),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    failures,
    samples: parts.flatMap((p) => p.samples),
    latencies: all,
  };
}
