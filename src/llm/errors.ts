import { AppError } from '../errors.ts';

/*
 * What can go wrong when talking to a language model, as typed errors whose messages are written for
 * the person reading them. Messages name the endpoint without credentials and never carry an API key.
 */

export class LlmError extends AppError {}

export type UnavailableReason = 'timeout' | 'unreachable' | 'connection_lost' | 'server_error';

/** The model server could not be reached, failed (5xx) or timed out, even after the retry. */
export class LlmUnavailable extends LlmError {
  constructor(
    message: string,
    readonly reason: UnavailableReason,
    readonly attempts: number,
  ) {
    super(503, 'llm_unavailable', message, { reason, attempts });
  }
}

/** The model server refused the request (4xx): wrong API key, unknown model, unsupported option. */
export class LlmRejected extends LlmError {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(502, 'llm_rejected', message, { httpStatus });
  }
}

/** The server answered, but not with something usable (not JSON, wrong shape, cut off, no answer). */
export class LlmBadResponse extends LlmError {
  constructor(message: string) {
    super(502, 'llm_bad_response', message);
  }
}

/** The caller aborted (the client went away); nothing is retried. 499 is nginx's "client closed request". */
export class LlmCancelled extends LlmError {
  constructor(message = 'The language model call was cancelled: the client went away') {
    super(499, 'cancelled', message);
  }
}
