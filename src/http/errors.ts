import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  AppError,
  Cancelled,
  Conflict,
  Forbidden,
  Invalid,
  MethodNotAllowed,
  NotFound,
  RateLimited,
  Unauthorized,
  Unavailable,
  Unprocessable,
  UpstreamFailed,
} from '../errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported Content-Type: send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'Content-Length does not match the body',
  },
};

/** Each error class's HTTP status: the one place a service's error becomes a status. */
const statuses: [abstract new (...args: never[]) => AppError, number][] = [
  [Invalid, 400],
  [Unauthorized, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [MethodNotAllowed, 405],
  [Conflict, 409],
  [Unprocessable, 422],
  [RateLimited, 429],
  // nginx's "client closed request": nobody reads it, but logs and metrics tell it from a failure.
  [Cancelled, 499],
  [UpstreamFailed, 502],
  [Unavailable, 503],
];

export function statusOf(error: AppError): number {
  return statuses.find(([type]) => error instanceof type)?.[1] ?? 500;
}

/** Turns any error into `{"error": {code, message, details}}` with the right status, once, for every route. */
export function mapError(error: FastifyError | Error, request: FastifyRequest): { status: number; payload: ErrorBody } {
  if (error instanceof AppError)
    return { status: statusOf(error), payload: body(error.code, error.message, error.details) };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      location: error.validationContext,
      field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || null,
      message: v.message,
    }));
    const first = details[0];
    const where = first?.field ? `${first.field}: ` : '';
    return {
      status: 400,
      payload: body(
        'validation_error',
        `Invalid ${error.validationContext ?? 'request'}: ${where}${first?.message ?? 'invalid value'}`,
        details,
      ),
    };
  }
  const fastifyError = error as FastifyError;
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) return { status: known.status, payload: body(known.code, known.message) };
  if (fastifyError.statusCode === 429)
    return { status: 429, payload: body('rate_limited', error.message || 'Too many requests, try again later') };
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return { status: 500, payload: body('internal_error', 'Something went wrong on our side') };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return { status, payload: body('bad_request', error.message) };
  request.log.error({ err: error }, 'unhandled error');
  return { status: 500, payload: body('internal_error', 'Something went wrong on our side') };
}

/** Set once the SPA is registered: answers a browser's page request that matched no route. */
export interface PageFallback {
  current?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

export function installErrorHandling(app: FastifyInstance, pages: PageFallback = {}): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, payload } = mapError(error, request);
    if (status >= 500) reply.header('cache-control', 'no-store');
    return reply.status(status).send(payload);
  });
  app.setNotFoundHandler(
    (request, reply) =>
      pages.current?.(request, reply) ??
      reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
