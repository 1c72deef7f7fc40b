import type { OpenDemoOptions } from './database.ts';
import type { ErrorReport } from './errors.ts';
import type { GenerationReport } from './generate.ts';

/** What the demo worker thread is started with. */
export interface WorkerSettings extends Omit<OpenDemoOptions, 'log'> {
  /** How often the worker shows its thread is free; silence means a query is holding it. */
  heartbeatMs: number;
}

export type FromWorker =
  | { type: 'log'; message: string }
  | { type: 'ready'; port: number; generation: GenerationReport | null }
  | { type: 'failed'; error: ErrorReport }
  | { type: 'heartbeat' }
  | { type: 'closed' };

export type ToWorker = { type: 'close' };
