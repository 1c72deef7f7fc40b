import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly queries = new Counter({
    name: 'askdb_queries_total',
    help: 'Queries sent to users\' databases, by source and outcome (ok, error, rejected)',
    labelNames: ['source', 'outcome'] as const,
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
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'askdb_' });
  }
}
