import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { runAuthFlow } from './flow.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({}, { embedded: true });
});
afterAll(() => t.close());

describe('auth on embedded PGlite', () => {
  it('reports embedded mode with migrations applied', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/system/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', mode: 'embedded', migrations: { ok: true } });
  });

  it('runs the same auth flow', async () => {
    await runAuthFlow(t.app);
  });
});
