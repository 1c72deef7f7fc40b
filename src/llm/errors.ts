import { Cancelled, UpstreamFailed, Unavailable } from '../errors.ts';

/*
 * What can go wrong when talking to a language model, as typed errors whose messages are written for
 * the person reading them. Messages name the endpoint without credentials and never carry an API key.
 */

export type UnavailableReason = 'timeout' | 'unreachable' | 'connection_lost' | 'server_error';

/** The model server could not be reached, failed (5xx) or timed out, even after the retry. */
export class LlmUnavailable extends Unavailable {
  constructor(
    message: string,
    readonly reason: UnavailableReason,
    readonly attempts: number,
  ) {
    super(message, { reason, attempts }, 'llm_unavailable');
  }
}

/** The model server refused the request (4xx): wrong API key, unknown model, unsupported option. */
export class LlmRejected extends UpstreamFailed {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message, { httpStatus }, 'llm_rejected');
  }
}

/** The server answered, but not with something usable (not JSON, wrong shape, cut off, no answer). */
export class LlmBadResponse extends UpstreamFailed {
  constructor(message: string) {
    super(message, undefined, 'llm_bad_response');
  }
}

/** The caller aborted (the client went away); nothing is retried. */
export class LlmCancelled extends Cancelled {
  constructor(message = 'The language model call was cancelled: the client went away') {
    super(message);
  }
}

export type LlmError = LlmUnavailable | LlmRejected | LlmBadResponse | LlmCancelled;

/** True for any of the errors above: what went wrong talking to the model, not in AskDB. */
export function isLlmError(error: unknown): error is LlmError {
  return (
    error instanceof LlmUnavailable ||
    error instanceof LlmRejected ||
    error instanceof LlmBadResponse ||
    error instanceof LlmCancelled
  );
}
