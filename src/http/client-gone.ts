import type { FastifyReply } from 'fastify';

/** A signal that aborts when the HTTP client goes away before the answer is sent. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort.signal;
}
