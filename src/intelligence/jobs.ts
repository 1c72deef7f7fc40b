import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';
import { selectRows } from '../db/client.ts';
import { connections } from '../db/schema.ts';
import { recordAnalysisState } from '../connections/service.ts';
import { ensureQueue } from '../jobs/queues.ts';
import { lockedAnalyses, tryLockAnalysis } from './analysis-lock.ts';
import { runAnalysis } from './run.ts';

const ANALYZE_QUEUE = 'analyze-connection';
const SWEEP_QUEUE = 'analysis-sweep';

/** The longest one analysis may run before pg-boss fails it (and retries it). */
const JOB_EXPIRE_SECONDS = 30 * 60;
/** A job fetched this long ago whose connection's analysis lock nobody holds was left by a dead process. */
const ABANDONED_AFTER_SECONDS = 10;
/** How often each worker looks for analyses a dead process left behind. */
const RESCUE_INTERVAL_MS = 30_000;
/** A job whose connection another live process is analysing runs again this much later. */
const BUSY_RETRY_SECONDS = 30;

/** What other modules see of the analysis queue. */
export interface AnalysisQueue {
  /** Queues an analysis; a request while one is already queued for the connection is coalesced. */
  request(connectionId: string): Promise<void>;
}

type Deps = Pick<AppContext, 'db' | 'database' | 'vault' | 'targets' | 'config' | 'log' | 'metrics' | 'embedder'>;
type AnalyzeJob = PgBoss.JobWithMetadata<{ connectionId: string }>;

/**
 * The analysis jobs on pg-boss: one queue, a worker, a cron sweep that re-analyses stale connections,
 * and a rescue that each worker runs on start and every 30 s for jobs a dead process left behind.
 *
 * The queue's policy is `short`: at most one job waiting per connection (a request while one waits is
 * coalesced), and a job leaving the queue to run conflicts with nothing. Under `stately` a job may only
 * start when no job of its connection is `active`, enforced by a unique index that the fetch query
 * violates; a job left `active` by a killed process then made every fetch fail, for every connection,
 * until it expired. One analysis per connection at a time is the analysis lock's job instead
 * (analysis-lock.ts), which also tells a live job from a dead process's.
 */
export class AnalysisJobs implements AnalysisQueue {
  private started = false;
  private rescueTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly boss: PgBoss,
    private readonly deps: Deps,
  ) {}

  async start(options: { worker: boolean }): Promise<void> {
    this.boss.on('error', (error) =>
      this.deps.log.error({ err: error, queue: (error as { queue?: string }).queue }, 'job queue error'),
    );
    await this.boss.start();
    this.started = true;
    const { config, database } = this.deps;
    await ensureQueue(this.boss, database, {
      name: ANALYZE_QUEUE,
      policy: 'short',
      retryLimit: config.ANALYSIS_RETRY_LIMIT,
      retryDelay: config.ANALYSIS_RETRY_DELAY_SECONDS,
      expireInSeconds: JOB_EXPIRE_SECONDS,
    });
    await ensureQueue(this.boss, database, { name: SWEEP_QUEUE, policy: 'standard', expireInSeconds: 5 * 60 });
    if (!options.worker) return;
    await this.boss.work<{ connectionId: string }>(
      ANALYZE_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
      async ([job]) => {
        if (job) await this.runJob(job);
      },
    );
    await this.boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      await this.sweep();
    });
    await this.boss.schedule(SWEEP_QUEUE, '*/10 * * * *');
    await this.rescueLogged();
    this.rescueTimer = setInterval(() => void this.rescueLogged(), RESCUE_INTERVAL_MS);
    this.rescueTimer.unref();
  }

  async request(connectionId: string): Promise<void> {
    await this.boss.send(ANALYZE_QUEUE, { connectionId }, { singletonKey: connectionId });
  }

  /** Runs one job under the connection's analysis lock; while another process holds it, asks again later. */
  private async runJob(job: AnalyzeJob): Promise<void> {
    const { connectionId } = job.data;
    const { log } = this.deps;
    const release = await tryLockAnalysis(this.deps.database, connectionId);
    if (!release) {
      await this.boss.send(
        ANALYZE_QUEUE,
        { connectionId },
        { singletonKey: connectionId, startAfter: BUSY_RETRY_SECONDS },
      );
      log.info({ connectionId, jobId: job.id }, 'another process is analysing this connection; analysis postponed');
      return;
    }
    const final = job.retryCount >= job.retryLimit;
    try {
      await runAnalysis(this.deps, connectionId, { final });
    } catch (error) {
      const details = { connectionId, jobId: job.id, attempt: job.retryCount + 1, reason: (error as Error).message };
      if (final) log.error(details, 'analysis job failed; no retries left');
      else log.warn(details, 'analysis job failed; it will be retried');
      throw error;
    } finally {
      await release();
    }
  }

  /**
   * Re-queues connections analysed longer than REANALYSIS_INTERVAL_HOURS ago (they show `updating`
   * while the old insights stay usable), then rescues what dead processes left (see `rescue`).
   */
  async sweep(now = new Date()): Promise<{ requeued: number; abandoned: number; rescued: number }> {
    const { db, config } = this.deps;
    let requeued = 0;
    if (config.REANALYSIS_INTERVAL_HOURS > 0) {
      const cutoff = new Date(now.getTime() - config.REANALYSIS_INTERVAL_HOURS * 3_600_000);
      const stale = await db
        .select({ id: connections.id })
        .from(connections)
        .where(
          and(
            eq(connections.status, 'ready'),
            or(isNull(connections.lastAnalyzedAt), lt(connections.lastAnalyzedAt, cutoff)),
          ),
        );
      for (const { id } of stale) {
        await recordAnalysisState({ db }, id, {
          status: 'updating',
          statusMessage: 'Scheduled re-analysis',
          analysisRequestedAt: now,
        });
        await this.request(id);
        requeued++;
      }
    }
    return { requeued, ...(await this.rescue()) };
  }

  /**
   * Fails the jobs a dead process left `active` (no live session holds their connection's analysis
   * lock), so pg-boss retries them or, with no retries left, ends them; then ends as `error` the
   * analyses no job is working on any more, and re-queues pending connections that lost their job.
   */
  async rescue(): Promise<{ abandoned: number; rescued: number }> {
    const { db, database, log } = this.deps;
    const active = await database.query<{ id: string; connection_id: string; retries_left: boolean }>(
      `SELECT id, data->>'connectionId' AS connection_id, retry_count < retry_limit AS retries_left
       FROM pgboss.job WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
      [ANALYZE_QUEUE, ABANDONED_AFTER_SECONDS],
    );
    const alive = await lockedAnalyses(
      database,
      active.map((job) => job.connection_id),
    );
    let abandoned = 0;
    for (const job of active) {
      if (alive.has(job.connection_id)) continue;
      await this.boss.fail(ANALYZE_QUEUE, job.id, { message: 'the process running this analysis went away' });
      if (job.retries_left)
        await recordAnalysisState({ db }, job.connection_id, {
          statusMessage: 'Analysis interrupted (the worker went away); retrying',
        });
      log.warn(
        { connectionId: job.connection_id, jobId: job.id, retry: job.retries_left },
        'analysis job abandoned by a dead process',
      );
      abandoned++;
    }

    // A connection just queued may not have its job yet: leave recent requests alone.
    const settled = new Date(Date.now() - ABANDONED_AFTER_SECONDS * 1000);
    const busy = await db
      .select({ id: connections.id, status: connections.status })
      .from(connections)
      .where(
        and(
          inArray(connections.status, ['pending', 'analyzing', 'indexing', 'updating']),
          or(isNull(connections.analysisRequestedAt), lt(connections.analysisRequestedAt, settled)),
        ),
      );
    let rescued = 0;
    for (const { id, status } of busy) {
      if (await this.hasUnfinishedJob(id)) continue;
      if (status === 'pending') {
        await this.request(id);
        continue;
      }
      await recordAnalysisState({ db }, id, {
        status: 'error',
        statusMessage: 'Analysis stopped unexpectedly (the worker went away); re-analyse to try again',
      });
      log.warn({ connectionId: id }, 'analysis stopped unexpectedly; marked as error');
      rescued++;
    }
    return { abandoned, rescued };
  }

  private async rescueLogged(): Promise<void> {
    await this.rescue().catch((error: Error) =>
      this.deps.log.error({ err: error }, 'rescuing abandoned analyses failed'),
    );
  }

  private async hasUnfinishedJob(connectionId: string): Promise<boolean> {
    const rows = await selectRows<{ one: number }>(
      this.deps.db,
      sql`select 1 as one from pgboss.job where name = ${ANALYZE_QUEUE} and singleton_key = ${connectionId} and state < 'completed' limit 1`,
    );
    return rows.length > 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.rescueTimer);
    this.rescueTimer = undefined;
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5000, close: false, wait: true });
    this.started = false;
  }
}
