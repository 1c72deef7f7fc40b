import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where a saturation gauge reads its figures: the app database's pool and the target pools. */
export interface PoolSources {
  /** The app database's pool (server mode; PGlite has none). */
  app: { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } } | null;
  targets: { figures(): { max: number; total: number; idle: number; waiting: number } };
  /** Analysis jobs waiting (created, retry) and running (active), from the queue's table. */
  queue(): Promise<{ queued: number; active: number }>;
}

const secondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The app's Prometheus metrics; one registry per runtime so several apps in one process stay apart. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'askdb_http_requests_total',
    help: 'HTTP requests by route, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'askdb_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  });
  readonly queries = new Counter({
    name: 'askdb_queries_total',
    help: "Queries sent to users' databases, by source and outcome (ok, error, rejected)",
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly answerStage = new Histogram({
    name: 'askdb_answer_stage_duration_seconds',
    help: 'Time of each stage of answering a question (plan, understand, retrieve, generate, check, execute, explain, answer, save; llm: waiting for the model)',
    labelNames: ['stage'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  });
  readonly answerOwn = new Histogram({
    name: 'askdb_answer_own_duration_seconds',
    help: "AskDB's own time per answer: planning and the graph, less the query's and the LLM's time, by engine",
    labelNames: ['engine'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'askdb_job_duration_seconds',
    help: 'Background job durations by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics)
      collectDefaultMetrics({ register: this.registry, prefix: 'askdb_', eventLoopMonitoringPrecision: 1 });
  }

  /** Pool saturation and queue depth, read at each scrape. */
  watch(sources: PoolSources): void {
    const registers = [this.registry];
    new Gauge({
      name: 'askdb_pool_clients',
      help: "Database clients by pool (app: the app database; target: users' databases, summed) and state (max, total, idle, waiting requests)",
      labelNames: ['pool', 'state'] as const,
      registers,
      collect() {
        const app = sources.app;
        if (app) {
          this.set({ pool: 'app', state: 'max' }, app.options.max ?? 10);
          this.set({ pool: 'app', state: 'total' }, app.totalCount);
          this.set({ pool: 'app', state: 'idle' }, app.idleCount);
          this.set({ pool: 'app', state: 'waiting' }, app.waitingCount);
        }
        const target = sources.targets.figures();
        for (const state of ['max', 'total', 'idle', 'waiting'] as const)
          this.set({ pool: 'target', state }, target[state]);
      },
    });
    new Gauge({
      name: 'askdb_analysis_jobs',
      help: 'Analysis jobs by state (queued: waiting or due for retry; active: running)',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const depth = await sources.queue().catch(() => null);
        if (!depth) return;
        this.set({ state: 'queued' }, depth.queued);
        this.set({ state: 'active' }, depth.active);
      },
    });
  }
}
