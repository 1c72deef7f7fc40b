import { describe, expect, it } from 'vitest';
import { DemoPortInUseError } from '../../src/demo/errors.ts';
import {
  type AppError,
  Cancelled,
  Conflict,
  Forbidden,
  Invalid,
  MethodNotAllowed,
  messageOf,
  NotFound,
  RateLimited,
  Unauthorized,
  Unavailable,
  Unprocessable,
  UpstreamFailed,
} from '../../src/errors.ts';
import { statusOf } from '../../src/http/errors.ts';
import { LlmBadResponse, LlmCancelled, LlmRejected, LlmUnavailable } from '../../src/llm/errors.ts';
import { QueryFailed } from '../../src/query/service.ts';
import { TargetRefused } from '../../src/targets/refused.ts';

describe('error statuses', () => {
  it('are decided by the HTTP layer from the error class, subclasses keeping their own code', () => {
    const cases: [AppError, number, string][] = [
      [new Invalid('bad'), 400, 'invalid_request'],
      [new Unauthorized(), 401, 'unauthorized'],
      [new Forbidden(), 403, 'forbidden'],
      [new NotFound(), 404, 'not_found'],
      [new MethodNotAllowed('POST only'), 405, 'method_not_allowed'],
      [new Conflict('taken'), 409, 'conflict'],
      [DemoPortInUseError.about('127.0.0.1', 5433), 409, 'conflict'],
      [new Unprocessable('no'), 422, 'unprocessable'],
      [new QueryFailed('The database refused the query: boom', { code: '42P01' }), 422, 'query_failed'],
      [new TargetRefused('network_policy', 'outside the policy'), 422, 'unprocessable'],
      [new RateLimited('slow down'), 429, 'rate_limited'],
      [new Cancelled('gone'), 499, 'cancelled'],
      [new LlmCancelled(), 499, 'cancelled'],
      [new UpstreamFailed('odd answer'), 502, 'upstream_failed'],
      [new LlmRejected('no such model', 404), 502, 'llm_rejected'],
      [new LlmBadResponse('not JSON'), 502, 'llm_bad_response'],
      [new Unavailable('down'), 503, 'unavailable'],
      [new LlmUnavailable('timed out', 'timeout', 2), 503, 'llm_unavailable'],
    ];
    for (const [error, status, code] of cases) {
      expect([error.name, statusOf(error), error.code]).toEqual([error.name, status, code]);
    }
  });

  it('messageOf reads any thrown value', () => {
    expect(messageOf(new Error('broken'))).toBe('broken');
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(42)).toBe('42');
  });
});
