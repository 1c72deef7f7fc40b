import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { LlmBadResponse, LlmCancelled, LlmUnavailable, type UnavailableReason } from './errors.ts';

/*
 * One HTTP exchange with a model server: a timeout per attempt, the caller's signal, and exactly one
 * retry when the failure is the transport's or the server's (refused, reset, hang-up, timeout, 5xx).
 * A 4xx is returned to the provider to interpret; a caller abort is never retried.
 */

export interface HttpRequest {
  /** Who answers, as people should read it: "Ollama at http://127.0.0.1:11434". */
  service: string;
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Strings that must never appear in an error message (the API key). */
  secrets?: readonly string[];
  retryDelayMs?: number;
}

export interface HttpResponse {
  status: number;
  text: string;
}

const maxAttempts = 2;
const defaultRetryDelayMs = 250;

interface Failure {
  reason: UnavailableReason;
  detail: string;
}

type Attempt = { kind: 'answered'; response: HttpResponse } | { kind: 'failed'; failure: Failure };

/** Sends the request; resolves with any answer below 500, throws LlmUnavailable or LlmCancelled otherwise. */
export async function sendWithRetry(request: HttpRequest): Promise<HttpResponse> {
  let failure: Failure | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (request.signal?.aborted) throw new LlmCancelled();
    const outcome = await attemptOnce(request);
    if (outcome.kind === 'answered') return outcome.response;
    failure = outcome.failure;
    if (attempt < maxAttempts) await pauseBeforeRetry(request);
  }
  const { reason, detail } = failure!;
  const hint = reason === 'unreachable' ? ' Is it running, and is the URL right?' : '';
  throw new LlmUnavailable(`${request.service} ${detail} (${maxAttempts} attempts).${hint}`, reason, maxAttempts);
}

async function attemptOnce(request: HttpRequest): Promise<Attempt> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    const { url, basicAuth } = splitCredentials(request.url);
    const response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(basicAuth ? { authorization: basicAuth } : {}),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    // The body is read under the same signal, so a server that stalls mid-answer also times out.
    const text = await response.text();
    if (response.status >= 500) {
      const said = serverMessage(text, request.secrets);
      return {
        kind: 'failed',
        failure: { reason: 'server_error', detail: `failed with HTTP ${response.status}${said ? `: ${said}` : ''}` },
      };
    }
    return { kind: 'answered', response: { status: response.status, text } };
  } catch (error) {
    if (request.signal?.aborted) throw new LlmCancelled();
    if (timeout.signal.aborted)
      return {
        kind: 'failed',
        failure: { reason: 'timeout', detail: `did not answer within ${formatDuration(request.timeoutMs)}` },
      };
    const failure = describeTransportError(error);
    return {
      kind: 'failed',
      failure: {
        ...failure,
        detail: redact(failure.detail.split(request.url).join(displayUrl(request.url)), request.secrets ?? []),
      },
    };
  } finally {
    clearTimeout(timer);
  }
}

async function pauseBeforeRetry(request: HttpRequest): Promise<void> {
  const delay = request.retryDelayMs ?? defaultRetryDelayMs;
  if (delay <= 0) return;
  try {
    await sleep(delay, undefined, { signal: request.signal });
  } catch {
    throw new LlmCancelled();
  }
}

const refusedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** fetch hides the real cause (refused, reset, closed) one or two levels down in `cause`. */
function describeTransportError(error: unknown): Failure {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    messages.push(current.message);
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested[0] instanceof Error) current = nested[0];
    else current = current.cause;
  }
  const refused = codes.find((code) => refusedCodes.has(code));
  if (refused) return { reason: 'unreachable', detail: `could not be reached (${refusedDetail(refused)})` };
  if (
    codes.some((code) => code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') ||
    messages.some((m) => /other side closed|socket hang up/i.test(m))
  )
    return { reason: 'connection_lost', detail: 'closed the connection before answering' };
  const last = messages.at(-1) ?? 'unknown error';
  return { reason: 'unreachable', detail: `could not be reached (${last})` };
}

function refusedDetail(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return 'network unreachable';
  }
}

/** The error text a server put in its body (`{"error": "..."}`, `{"error": {"message": "..."}}`, `{"detail": ...}`, or plain text), short and redacted. */
export function serverMessage(text: string, secrets: readonly string[] = []): string {
  let message = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error;
    const candidate =
      typeof error === 'string'
        ? error
        : error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string'
          ? (error as { message: string }).message
          : typeof body.message === 'string'
            ? body.message
            : body.detail !== undefined
              ? JSON.stringify(body.detail)
              : undefined;
    if (candidate !== undefined) message = candidate;
  } catch {
    // not JSON: the plain text is the message
  }
  // Trailing full stops go: callers put the message inside their own sentence.
  const short = message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return redact(short.length > 300 ? `${short.slice(0, 300)}…` : short, secrets);
}

/** Parses a 2xx body as JSON of the expected shape, or says plainly what the server answered instead. */
export function readJson<T>(response: HttpResponse, shape: z.ZodType<T>, service: string): T {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    const start = response.text.replace(/\s+/g, ' ').trim().slice(0, 80);
    throw new LlmBadResponse(`${service} answered with something that is not JSON: "${start}"`);
  }
  const parsed = shape.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new LlmBadResponse(`${service} answered in an unexpected shape (${where}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length > 0) result = result.split(secret).join('***');
  return result;
}

/**
 * fetch refuses URLs with user:password in them, yet a base URL like https://user:pass@ollama.example
 * is how people put a model server behind a proxy with basic auth: the credentials become a header.
 */
function splitCredentials(raw: string): { url: string; basicAuth?: string } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: raw };
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.toString(), basicAuth: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** `base` (with or without a trailing slash) + `/path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The URL as it may be shown: no user, password or query string. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
