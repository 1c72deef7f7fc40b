import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import type { ScratchDatabase } from '../helpers/pg.ts';
import { connectedShop } from './helpers.ts';

/*
 * A chat whose client goes away stops its work: the model call in flight is dropped at once, not
 * left to run until the model's own timeout (a minute here).
 */

let llm: FakeLlm;
let t: TestApp;
let shop: ScratchDatabase;
let connectionId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let base: string;

beforeAll(async () => {
  // The model never answers within the test: only the app can end its requests.
  llm = await startFakeLlm({ flavor: 'ollama', script: [], repeat: { delayMs: 120_000 } });
  t = await startApp({
    LLM_PROVIDER: 'ollama',
    OLLAMA_BASE_URL: llm.url,
    OLLAMA_MODEL: 'qwen2.5:3b',
    LLM_TIMEOUT_MS: '60000',
  });
  owner = await signUp(t.app, 'gone_owner');
  ({ db: shop, connectionId } = await connectedShop(t, owner));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t?.close();
  await llm?.close();
  await shop?.drop();
});

/** Starts asking over a real socket; returns the request so the test can drop it. */
function startAsking(accept: string): http.ClientRequest {
  const request = http.request(`${base}/chat/${connectionId}`, {
    method: 'POST',
    headers: { ...owner.headers, 'content-type': 'application/json', accept },
  });
  request.on('error', () => {});
  request.end(JSON.stringify({ question: 'Tell me about the zorgs of the blorp' }));
  return request;
}

describe('a chat whose client disconnects', () => {
  it.each(['application/json', 'text/event-stream'])('stops its model call at once (%s)', async (accept) => {
    const before = llm.chatCalls().length;
    const request = startAsking(accept);
    await vi.waitFor(() => expect(llm.chatCalls().length).toBe(before + 1), { timeout: 20_000, interval: 20 });
    const call = llm.chatCalls()[before]!;
    expect(call.clientGone).toBe(false);

    request.destroy();
    await vi.waitFor(() => expect(call.clientGone).toBe(true), { timeout: 10_000, interval: 20 });
    // Nothing further is asked of the model for this question.
    expect(llm.chatCalls().length).toBe(before + 1);
  });
});
