/** Reading a running AskDB's /metrics: the event-loop delay since the last scrape, pools, queue depth. */
export async function scrape(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const values = new Map<string, number>();
  for (const row of text.split('\n')) {
    if (!row || row.startsWith('#')) continue;
    const space = row.lastIndexOf(' ');
    values.set(row.slice(0, space), Number(row.slice(space + 1)));
  }
  return values;
}

export interface ProcessReading {
  /** The longest the event loop was held up (ms) since the previous scrape (prom-client resets it on each). */
  loopMaxMs: number;
  /** The 99th percentile of the event loop's delay (ms) since the previous scrape. */
  loopP99Ms: number;
  /** CPU time the process has used since it started (user + system, process.cpuUsage), in seconds. */
  cpuSeconds: number;
  /** Seconds spent in each answer stage since the process started (askdb_answer_stage_duration_seconds). */
  stageSeconds: Map<string, number>;
}

export async function processReading(base: string): Promise<ProcessReading> {
  const values = await scrape(base);
  const stageSeconds = new Map<string, number>();
  for (const [key, value] of values) {
    const stage = /^askdb_answer_stage_duration_seconds_sum\{stage="(\w+)"\}$/.exec(key)?.[1];
    if (stage) stageSeconds.set(stage, value);
  }
  return {
    stageSeconds,
    loopMaxMs: (values.get('askdb_nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000,
    loopP99Ms: (values.get('askdb_nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
    cpuSeconds: values.get('askdb_process_cpu_seconds_total') ?? NaN,
  };
}
