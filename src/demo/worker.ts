/** Runs in a worker thread: opens and serves the demo database, reports to the thread that started it. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDemoDatabase } from './database.ts';
import { reportOf } from './errors.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-protocol.ts';

const parent = parentPort!;
const settings = workerData as WorkerSettings;
const send = (message: FromWorker) => parent.postMessage(message);

try {
  const demo = await openDemoDatabase({ ...settings, log: (message) => send({ type: 'log', message }) });
  const heartbeat = setInterval(() => send({ type: 'heartbeat' }), settings.heartbeatMs);
  parent.on('message', (message: ToWorker) => {
    if (message.type !== 'close') return;
    clearInterval(heartbeat);
    void demo.close().finally(() => {
      send({ type: 'closed' });
      parent.close();
    });
  });
  send({ type: 'ready', port: demo.port, generation: demo.generation });
} catch (error) {
  send({ type: 'failed', error: reportOf(error) });
  parent.close();
}
