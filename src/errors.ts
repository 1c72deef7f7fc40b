/**
 * The few typed errors services throw, by what went wrong (never by HTTP status: src/http/errors.ts
 * alone maps each class to its status). `code` is the stable machine-readable name clients see;
 * subclasses narrow it (`query_failed` is an Unprocessable), the class decides the status.
 */
export abstract class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong: a value out of range, a missing field the schema could not say. */
export class Invalid extends AppError {
  constructor(message: string, details?: unknown, code = 'invalid_request') {
    super(code, message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', message);
  }
}

export class NotFound extends AppError {
  constructor(message = 'Not found') {
    super('not_found', message);
  }
}

/** The resource is there, but not with this method. */
export class MethodNotAllowed extends AppError {
  constructor(message: string) {
    super('method_not_allowed', message);
  }
}

export class Conflict extends AppError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

/** Well-formed, but it cannot be done: SQL the database refused, a target the policy refuses. */
export class Unprocessable extends AppError {
  constructor(message: string, details?: unknown, code = 'unprocessable') {
    super(code, message, details);
  }
}

export class RateLimited extends AppError {
  constructor(message: string) {
    super('rate_limited', message);
  }
}

/** The caller went away before the work was done. */
export class Cancelled extends AppError {
  constructor(message: string) {
    super('cancelled', message);
  }
}

/** A service AskDB depends on (a language model) answered, but wrongly or with a refusal. */
export class UpstreamFailed extends AppError {
  constructor(message: string, details?: unknown, code = 'upstream_failed') {
    super(code, message, details);
  }
}

/** Something AskDB depends on cannot be reached now (a target database, a model server, the demo). */
export class Unavailable extends AppError {
  constructor(message: string, details?: unknown, code = 'unavailable') {
    super(code, message, details);
  }
}

/** The message of anything thrown: an Error's message, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
