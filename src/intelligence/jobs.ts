import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';
import { connections } from '../db/schema.ts';
import { runAnalysis } from './run.ts';

export const ANALYZE_QUEUE = 'analyze-connection';
export const SWEEP_QUEUE = 'analysis-sweep';

const JOB_EXPIRE_SECONDS = 30 * 60;

/** What other modules see of the analysis queue. */
export interface AnalysisQueue {
  /** Queues an analysis; a request while one is already queued for the connection is coalesced. */
  request(connectionId: string): Promise<void>;
}

type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'log' | 'metrics' | 'embedder'>;

/**
 * The analysis jobs on pg-boss: one queue (stately: per connection at most one job waiting and one
 * running), a worker, and a cron sweep that re-analyses stale connections and rescues stuck ones.
 */
export class AnalysisJobs implements AnalysisQueue {
  private started = false;

  constructor(
    private readonly boss: PgBoss,
    private readonly deps: Deps,
  ) {}

  async start(options: { worker: boolean }): Promise<void> {
    this.boss.on('error', (error) => this.deps.log.error({ err: error }, 'job queue error'));
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(ANALYZE_QUEUE, {
      name: ANALYZE_QUEUE,
      policy: 'stately',
      retryLimit: this.deps.config.ANALYSIS_RETRY_LIMIT,
      retryDelay: this.deps.config.ANALYSIS_RETRY_DELAY_SECONDS,
      expireInSeconds: JOB_EXPIRE_SECONDS,
    });
    await this.boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'singleton' });
    if (!options.worker) return;
    await this.boss.work<{ connectionId: string }>(
      ANALYZE_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
      async ([job]) => {
        if (!job) return;
        await runAnalysis(this.deps, job.data.connectionId, { final: job.retryCount >= job.retryLimit });
      },
    );
    await this.boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      await this.sweep();
    });
    await this.boss.schedule(SWEEP_QUEUE, '*/10 * * * *');
  }

  async request(connectionId: string): Promise<void> {
    await this.boss.send(ANALYZE_QUEUE, { connectionId }, { singletonKey: connectionId });
  }

  /**
   * Re-queues connections analysed longer than REANALYSIS_INTERVAL_HOURS ago (they show `updating`
   * while the old insights stay usable), and ends analyses that no job is working on any more
   * (a process killed mid-job whose retries ran out) as `error` instead of leaving them stuck.
   */
  async sweep(now = new Date()): Promise<{ requeued: number; rescued: number }> {
    const { db, config } = this.deps;
    let requeued = 0;
    if (config.REANALYSIS_INTERVAL_HOURS > 0) {
      const cutoff = new Date(now.getTime() - config.REANALYSIS_INTERVAL_HOURS * 3_600_000);
      const stale = await db
        .select({ id: connections.id })
        .from(connections)
        .where(and(eq(connections.status, 'ready'), or(isNull(connections.lastAnalyzedAt), lt(connections.lastAnalyzedAt, cutoff))));
      for (const { id } of stale) {
        await db.update(connections).set({ status: 'updating', statusMessage: 'Scheduled re-analysis' }).where(eq(connections.id, id));
        await this.request(id);
        requeued++;
      }
    }
    const busy = await db
      .select({ id: connections.id, status: connections.status })
      .from(connections)
      .where(inArray(connections.status, ['pending', 'analyzing', 'indexing', 'updating']));
    let rescued = 0;
    for (const { id } of busy) {
      if (await this.hasLiveJob(id)) continue;
      const [row] = await db.select({ status: connections.status, lastAnalyzedAt: connections.lastAnalyzedAt }).from(connections).where(eq(connections.id, id));
      if (row?.status === 'pending') {
        await this.request(id);
        continue;
      }
      await db
        .update(connections)
        .set({ status: 'error', statusMessage: 'Analysis stopped unexpectedly (the worker went away); re-analyse to try again' })
        .where(eq(connections.id, id));
      rescued++;
    }
    return { requeued, rescued };
  }

  private async hasLiveJob(connectionId: string): Promise<boolean> {
    const rows = await this.deps.db.execute(
      sql`select 1 from pgboss.job where name = ${ANALYZE_QUEUE} and singleton_key = ${connectionId} and state < 'completed' limit 1`,
    );
    return (rows as unknown as { rows: unknown[] }).rows.length > 0;
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5000, close: false, wait: true });
    this.started = false;
  }
}
