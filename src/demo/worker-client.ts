import { setTimeout as delay } from 'node:timers/promises';
import { errorFrom } from './errors.ts';
import type { GenerationReport } from './generate.ts';
import { siblingModule, startModuleWorker } from './thread.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-protocol.ts';

const closeTimeoutMs = 5_000;

/** The thread side of a running demo worker. */
export interface DemoWorker {
  port: number;
  generation: GenerationReport | null;
  /** False once the thread has ended. */
  readonly running: boolean;
  /** How long since the worker last showed its thread was free. */
  silentForMs(): number;
  /** Closes the database cleanly, or ends the thread when it does not answer in time. */
  close(): Promise<void>;
  /** Ends the thread at once, even in the middle of a query. */
  terminate(): Promise<void>;
}

/** Starts the demo database in a worker thread and resolves once it listens. */
export function launchDemoWorker(settings: WorkerSettings, log: (message: string) => void): Promise<DemoWorker> {
  const worker = startModuleWorker(siblingModule('worker', import.meta.url), { workerData: settings });
  let lastHeard = Date.now();
  let running = true;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  const terminate = async () => {
    if (running) await worker.terminate();
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('error', (error) => {
      if (!ready) reject(error);
      else log(`The demo database worker failed: ${error.message}`);
    });
    void exited.then(() => reject(new Error('The demo database stopped before it was ready')));
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'log':
          return log(message.message);
        case 'heartbeat':
          lastHeard = Date.now();
          return;
        case 'failed':
          return reject(errorFrom(message.error));
        case 'ready':
          ready = true;
          lastHeard = Date.now();
          return resolve({
            port: message.port,
            generation: message.generation,
            get running() {
              return running;
            },
            silentForMs: () => Date.now() - lastHeard,
            close: async () => {
              if (!running) return;
              worker.postMessage({ type: 'close' } satisfies ToWorker);
              await Promise.race([exited, delay(closeTimeoutMs, undefined, { ref: false })]);
              await terminate();
            },
            terminate,
          });
      }
    });
  });
}
