import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmBadResponse, LlmCancelled, LlmRejected, LlmUnavailable } from '../../src/llm/errors.ts';
import { createEmbedder, createProvider } from '../../src/llm/index.ts';
import { createOllamaEmbedder, createOllamaProvider } from '../../src/llm/ollama.ts';
import { createOpenAiEmbedder, createOpenAiProvider } from '../../src/llm/openai.ts';
import { parseAnswer } from '../../src/llm/parse.ts';
import { answerJsonSchema, buildGenerationPrompt } from '../../src/llm/prompts.ts';
import type { ChatMessage } from '../../src/llm/types.ts';
import { answerJson, type FakeLlm, type Flavor, type ScriptStep, startFakeLlm } from '../helpers/fake-llm.ts';

const servers: FakeLlm[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(flavor: Flavor, script: ScriptStep[]): Promise<FakeLlm> {
  const server = await startFakeLlm({ flavor, script });
  servers.push(server);
  return server;
}

const apiKey = 'sk-test-secret-1234567890';

function provider(flavor: Flavor, url: string, timeoutMs = 2000) {
  return flavor === 'ollama'
    ? createOllamaProvider({ baseUrl: url, model: 'qwen2.5:3b', timeoutMs, retryDelayMs: 0 })
    : createOpenAiProvider({ baseUrl: url, apiKey, model: 'gpt-4o-mini', timeoutMs, retryDelayMs: 0 });
}

const question: ChatMessage[] = [
  { role: 'system', content: 'Answer with JSON.' },
  { role: 'user', content: 'How many orders?' },
];

describe('Ollama provider', () => {
  it('posts /api/chat with the schema as `format`, options and no streaming, and reads usage', async () => {
    const server = await fake('ollama', [
      { text: '{"intent":"query","sql":"SELECT 1"}', usage: { prompt_tokens: 321, completion_tokens: 17 } },
    ]);
    const result = await provider('ollama', server.url).chat(question, {
      json: answerJsonSchema,
      temperature: 0,
      maxTokens: 256,
    });
    expect(result).toMatchObject({
      text: '{"intent":"query","sql":"SELECT 1"}',
      usage: { prompt_tokens: 321, completion_tokens: 17 },
      truncated: false,
    });
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.path).toBe('/api/chat');
    expect(server.calls[0]!.body).toEqual({
      model: 'qwen2.5:3b',
      messages: question,
      stream: false,
      format: answerJsonSchema,
      options: { num_ctx: 8192, temperature: 0, num_predict: 256 },
    });
  });

  it('sends no `format` when no JSON is asked, and reports a cut-off answer', async () => {
    const server = await fake('ollama', [{ text: 'SELECT name FROM', finishReason: 'length' }]);
    const result = await provider('ollama', server.url).chat(question);
    expect(result.truncated).toBe(true);
    expect(server.calls[0]!.body).not.toHaveProperty('format');
    expect(server.calls[0]!.body.options).toEqual({ num_ctx: 8192 });
  });

  it('says which model to pull when Ollama does not have it', async () => {
    const server = await fake('ollama', [
      { status: 404, body: { error: "model 'qwen2.5:3b' not found, try pulling it first" } },
    ]);
    const error = await provider('ollama', server.url)
      .chat(question)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRejected);
    expect((error as Error).message).toBe(
      `Ollama at ${server.url} has no model "qwen2.5:3b". Pull it with: ollama pull qwen2.5:3b`,
    );
    expect(server.calls).toHaveLength(1);
  });

  it('embeds through /api/embed, in batches', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `text ${i}`);
    const vector = (i: number) => [i, i + 0.5];
    const server = await fake('ollama', [
      (request) => ({ embeddings: (request.body.input as string[]).map((_, i) => vector(i)) }),
      (request) => ({ embeddings: (request.body.input as string[]).map((_, i) => vector(64 + i)) }),
    ]);
    const embedder = createOllamaEmbedder({ baseUrl: server.url, model: 'nomic-embed-text', timeoutMs: 2000 });
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(70);
    expect(vectors[69]).toEqual([69, 69.5]);
    expect(server.calls.map((c) => [c.path, c.body.model, c.body.input.length])).toEqual([
      ['/api/embed', 'nomic-embed-text', 64],
      ['/api/embed', 'nomic-embed-text', 6],
    ]);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('rejects an embedding answer with the wrong number of vectors', async () => {
    const server = await fake('ollama', [{ embeddings: [[1, 2]] }]);
    const embedder = createOllamaEmbedder({ baseUrl: server.url, model: 'nomic-embed-text', timeoutMs: 2000 });
    await expect(embedder.embed(['a', 'b'])).rejects.toThrow(
      new LlmBadResponse(`Ollama at ${server.url} returned 1 embeddings for 2 texts`),
    );
  });

  it('pings /api/tags and checks the model is pulled (a bare name means :latest)', async () => {
    const server = await fake('ollama', [
      { models: ['qwen2.5:3b', 'nomic-embed-text:latest'] },
      { models: ['llama3.2:3b'] },
      { models: ['nomic-embed-text:latest'] },
    ]);
    const chat = provider('ollama', server.url);
    await expect(chat.ping()).resolves.toBeUndefined();
    await expect(chat.ping()).rejects.toThrow(
      `Ollama at ${server.url} is running but has no model "qwen2.5:3b". Pull it with: ollama pull qwen2.5:3b`,
    );
    await expect(
      createOllamaEmbedder({ baseUrl: server.url, model: 'nomic-embed-text', timeoutMs: 2000 }).ping(),
    ).resolves.toBeUndefined();
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/tags',
      'GET /api/tags',
      'GET /api/tags',
    ]);
  });

  it('sends user:password from the base URL as basic auth, never in the URL or a message', async () => {
    const server = await fake('ollama', [{ text: 'ok' }]);
    const withCredentials = server.url.replace('http://', 'http://alice:s%3Acret@');
    const llm = provider('ollama', withCredentials);
    expect(llm.endpoint).toBe(server.url);
    await llm.chat(question);
    expect(server.calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from('alice:s:cret').toString('base64')}`);
  });

  it('accepts a base URL with a trailing slash or /api', async () => {
    const server = await fake('ollama', [{ text: 'a' }, { text: 'b' }]);
    await provider('ollama', `${server.url}/`).chat(question);
    await provider('ollama', `${server.url}/api`).chat(question);
    expect(server.calls.map((c) => c.path)).toEqual(['/api/chat', '/api/chat']);
  });
});

describe('OpenAI-compatible provider', () => {
  it('posts /v1/chat/completions with the key, the model and response_format json_schema, and reads usage', async () => {
    const server = await fake('openai', [
      { text: answerJson({ sql: 'SELECT 1' }), usage: { prompt_tokens: 90, completion_tokens: 12 } },
    ]);
    const result = await provider('openai', server.url).chat(question, {
      json: answerJsonSchema,
      temperature: 0,
      maxTokens: 300,
    });
    expect(result.usage).toEqual({ prompt_tokens: 90, completion_tokens: 12 });
    const call = server.calls[0]!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(call.body).toEqual({
      model: 'gpt-4o-mini',
      messages: question,
      stream: false,
      temperature: 0,
      max_tokens: 300,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: answerJsonSchema, strict: false },
      },
    });
  });

  it('sends no Authorization header without a key, and no response_format without a schema', async () => {
    const server = await fake('openai', [{ text: 'hi' }]);
    await createOpenAiProvider({ baseUrl: server.url, model: 'local', timeoutMs: 2000 }).chat(question);
    expect(server.calls[0]!.headers.authorization).toBeUndefined();
    expect(server.calls[0]!.body).not.toHaveProperty('response_format');
  });

  it('steps down to json_object, then to prompt-only, when the server rejects response_format (and remembers)', async () => {
    const server = await fake('openai', [
      {
        status: 400,
        body: {
          error: { message: "'response_format.type' must be 'json_object' or 'text'", type: 'invalid_request_error' },
        },
      },
      { status: 400, body: { error: { message: 'response_format is not supported by this server' } } },
      { text: answerJson({ sql: 'SELECT 1' }) },
      { text: answerJson({ sql: 'SELECT 2' }) },
    ]);
    const llm = provider('openai', server.url);
    const first = await llm.chat(question, { json: answerJsonSchema });
    expect(parseAnswer(first.text).sql).toBe('SELECT 1');
    expect(server.calls.map((c) => c.body.response_format?.type ?? 'none')).toEqual([
      'json_schema',
      'json_object',
      'none',
    ]);
    await llm.chat(question, { json: answerJsonSchema });
    expect(server.calls.at(-1)!.body).not.toHaveProperty('response_format');
    expect(server.calls).toHaveLength(4);
  });

  it('switches to max_completion_tokens when the server asks for it', async () => {
    const server = await fake('openai', [
      {
        status: 400,
        body: {
          error: {
            message:
              "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          },
        },
      },
      { text: 'ok' },
    ]);
    await provider('openai', server.url).chat(question, { maxTokens: 100 });
    expect(server.calls.map((c) => Object.keys(c.body).filter((k) => k.startsWith('max')))).toEqual([
      ['max_tokens'],
      ['max_completion_tokens'],
    ]);
  });

  it('does not retry other 400s, and says what the server said', async () => {
    const server = await fake('openai', [
      { status: 400, body: { error: { message: 'messages: field required' } } },
      { text: 'never' },
    ]);
    const error = await provider('openai', server.url)
      .chat(question, { json: answerJsonSchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRejected);
    expect((error as Error).message).toBe(
      `OpenAI-compatible server at ${server.url} rejected the request (HTTP 400): messages: field required`,
    );
    expect(server.calls).toHaveLength(1);
  });

  it('explains a refused key without ever showing it', async () => {
    const server = await fake('openai', [
      { status: 401, body: { error: { message: `Incorrect API key provided: ${apiKey}.` } } },
    ]);
    const error = await provider('openai', server.url)
      .chat(question)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRejected);
    expect((error as Error).message).toBe(
      `OpenAI-compatible server at ${server.url} refused the API key (HTTP 401): Incorrect API key provided: ***. Check OPENAI_API_KEY.`,
    );
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });

  it('explains an unknown model and a base URL without /v1', async () => {
    const server = await fake('openai', [
      { status: 404, body: { error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } } },
    ]);
    await expect(provider('openai', server.url).chat(question)).rejects.toThrow(
      /does not know the model "gpt-4o-mini".*Check OPENAI_MODEL/,
    );
    const withoutV1 = server.url.replace(/\/v1$/, '');
    await expect(provider('openai', withoutV1).chat(question)).rejects.toThrow(
      `OpenAI-compatible server at ${withoutV1} has no /chat/completions (HTTP 404). OPENAI_BASE_URL usually ends in /v1.`,
    );
  });

  it('reads a refusal as the text and rejects a body without choices', async () => {
    const server = await fake('openai', [
      {
        status: 200,
        body: {
          choices: [
            {
              message: { role: 'assistant', content: null, refusal: 'I can’t help with that.' },
              finish_reason: 'stop',
            },
          ],
        },
      },
      { status: 200, body: { object: 'error' } },
      { status: 200, body: '<html>proxy login</html>' },
    ]);
    const llm = provider('openai', server.url);
    expect((await llm.chat(question)).text).toBe('I can’t help with that.');
    await expect(llm.chat(question)).rejects.toThrow(
      new LlmBadResponse(
        `OpenAI-compatible server at ${server.url} answered in an unexpected shape (choices: Invalid input: expected array, received undefined)`,
      ),
    );
    await expect(llm.chat(question)).rejects.toThrow(
      `OpenAI-compatible server at ${server.url} answered with something that is not JSON: "<html>proxy login</html>"`,
    );
  });

  it('embeds through /v1/embeddings, ordering by index', async () => {
    const server = await fake('openai', [{ embeddings: [[1], [2], [3]] }]);
    const embedder = createOpenAiEmbedder({
      baseUrl: server.url,
      apiKey,
      model: 'text-embedding-3-small',
      timeoutMs: 2000,
    });
    expect(await embedder.embed(['a', 'b', 'c'])).toEqual([[1], [2], [3]]);
    expect(server.calls[0]!.body).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b', 'c'] });
    expect(server.calls[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('pings /v1/models', async () => {
    const server = await fake('openai', [
      { models: ['whatever-is-loaded'] },
      { status: 401, body: { error: { message: 'no key' } } },
    ]);
    const llm = provider('openai', server.url);
    await expect(llm.ping()).resolves.toBeUndefined();
    await expect(llm.ping()).rejects.toBeInstanceOf(LlmRejected);
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/models', 'GET /v1/models']);
  });
});

describe.each(['ollama', 'openai'] as const)('transport failures (%s)', (flavor) => {
  it('retries once after a 500, then succeeds', async () => {
    const server = await fake(flavor, [
      { status: 500, body: { error: 'llama runner process has terminated' } },
      { text: 'SELECT 1' },
    ]);
    const result = await provider(flavor, server.url).chat(question);
    expect(result.text).toBe('SELECT 1');
    expect(server.calls).toHaveLength(2);
  });

  it('retries once after a hang-up, then succeeds', async () => {
    const server = await fake(flavor, [{ hangUp: true }, { text: 'SELECT 1' }]);
    expect((await provider(flavor, server.url).chat(question)).text).toBe('SELECT 1');
    expect(server.calls).toHaveLength(2);
  });

  it('gives up after two 5xx answers with the server’s words', async () => {
    const server = await fake(flavor, [
      { status: 503, body: { error: 'server busy, please try again' } },
      { status: 502, body: 'Bad Gateway' },
      { text: 'never reached' },
    ]);
    const error = await provider(flavor, server.url)
      .chat(question)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailable);
    expect(error).toMatchObject({ reason: 'server_error', attempts: 2, code: 'llm_unavailable' });
    expect((error as Error).message).toMatch(
      /at http:\/\/127\.0\.0\.1:\d+(\/v1)? failed with HTTP 502: Bad Gateway \(2 attempts\)\.$/,
    );
    expect(server.calls).toHaveLength(2);
  });

  it('times out after exactly two attempts with a clear message', async () => {
    const server = await fake(flavor, [{ delayMs: 5000 }, { delayMs: 5000 }, { text: 'never reached' }]);
    const error = await provider(flavor, server.url, 150)
      .chat(question)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailable);
    expect(error).toMatchObject({ reason: 'timeout', attempts: 2 });
    const who = flavor === 'ollama' ? `Ollama at ${server.url}` : `OpenAI-compatible server at ${server.url}`;
    expect((error as Error).message).toBe(`${who} did not answer within 150 ms (2 attempts).`);
    expect(server.calls).toHaveLength(2);
    await waitFor(() => server.calls.every((c) => c.clientGone));
  });

  it('succeeds when a slow first attempt times out and the retry is quick', async () => {
    const server = await fake(flavor, [{ delayMs: 5000 }, { delayMs: 10, then: { text: 'SELECT 1' } }]);
    expect((await provider(flavor, server.url, 200).chat(question)).text).toBe('SELECT 1');
    expect(server.calls).toHaveLength(2);
  });

  it('stops at once without a retry when the caller aborts, and drops the connection', async () => {
    const server = await fake(flavor, [{ delayMs: 5000 }, { text: 'never reached' }]);
    const controller = new AbortController();
    const asking = provider(flavor, server.url, 10_000)
      .chat(question, { signal: controller.signal })
      .catch((e: unknown) => e);
    // Abort while the model is working on it (it would take 5 s, and the timeout is 10 s).
    await waitFor(() => server.calls.length === 1);
    controller.abort();
    const error = await asking;
    expect(error).toBeInstanceOf(LlmCancelled);
    expect(server.calls).toHaveLength(1);
    await waitFor(() => server.calls[0]!.clientGone);
  });

  it('sends nothing when the caller has already gone', async () => {
    const server = await fake(flavor, [{ text: 'never reached' }]);
    await expect(provider(flavor, server.url).chat(question, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      LlmCancelled,
    );
    expect(server.calls).toHaveLength(0);
  });

  it('does not retry when the caller aborts during the pause before the retry', async () => {
    const server = await fake(flavor, [{ status: 500 }, { text: 'never reached' }]);
    const controller = new AbortController();
    const llm =
      flavor === 'ollama'
        ? createOllamaProvider({ baseUrl: server.url, model: 'm', timeoutMs: 2000, retryDelayMs: 5000 })
        : createOpenAiProvider({ baseUrl: server.url, model: 'm', timeoutMs: 2000, retryDelayMs: 5000 });
    setTimeout(() => controller.abort(), 100);
    await expect(llm.chat(question, { signal: controller.signal })).rejects.toBeInstanceOf(LlmCancelled);
    expect(server.calls).toHaveLength(1);
  });

  it('says plainly when nothing listens at the URL', async () => {
    const url = await closedPortUrl(flavor);
    const error = await provider(flavor, url)
      .chat(question)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailable);
    expect(error).toMatchObject({ reason: 'unreachable', attempts: 2 });
    expect((error as Error).message).toMatch(
      /could not be reached \(connection refused\) \(2 attempts\)\. Is it running, and is the URL right\?$/,
    );
  });

  it('answers "script exhausted" when the script runs out', async () => {
    const server = await fake(flavor, []);
    await expect(provider(flavor, server.url).chat(question)).rejects.toThrow(/HTTP 500: script exhausted/);
  });
});

describe('a generation retry loop against a small model', () => {
  it('feeds the PostgreSQL error back and reads the corrected SQL', async () => {
    const server = await fake('ollama', [
      {
        text: '<think>\nThe customers table has a name.\n</think>\n```json\n{"intent": "query", "tables": ["customers"], "sql": "SELECT customer_name FROM customers;", "rationale": "Lists names."}\n```',
      },
      (request) => {
        const last = request.body.messages.at(-1).content as string;
        return last.includes('column "customer_name" does not exist')
          ? {
              text: '{"intent": "query", "tables": ["customers"], "sql": "SELECT name FROM customers", "rationale": "Lists names.",}',
            }
          : { status: 500, body: { error: 'unexpected prompt' } };
      },
    ]);
    const llm = provider('ollama', server.url);
    const input = {
      question: 'List customer names',
      schemaText: 'customers(id int primary key, name text, city text)',
      joinPaths: [],
      examples: [],
      dialect: 'PostgreSQL' as const,
    };
    const first = parseAnswer((await llm.chat(buildGenerationPrompt(input), { json: answerJsonSchema })).text);
    expect(first.sql).toBe('SELECT customer_name FROM customers');
    const retry = buildGenerationPrompt({
      ...input,
      retry: { kind: 'error', sql: first.sql!, message: 'column "customer_name" does not exist' },
    });
    const second = parseAnswer((await llm.chat(retry, { json: answerJsonSchema })).text);
    expect(second).toMatchObject({ intent: 'query', sql: 'SELECT name FROM customers', tables: ['customers'] });
    expect(server.chatCalls()).toHaveLength(2);
    expect(server.calls[1]!.body.messages.map((m: ChatMessage) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });
});

describe('createProvider / createEmbedder', () => {
  const settings = {
    LLM_PROVIDER: 'builtin' as 'builtin' | 'ollama' | 'openai',
    OLLAMA_BASE_URL: 'http://127.0.0.1:11434',
    OLLAMA_MODEL: 'qwen2.5:3b',
    OPENAI_BASE_URL: 'http://user:pass@127.0.0.1:8000/v1?x=1',
    OPENAI_API_KEY: undefined,
    OPENAI_MODEL: 'gpt-4o-mini',
    EMBEDDING_PROVIDER: 'none' as 'none' | 'ollama' | 'openai',
    EMBEDDING_MODEL: 'nomic-embed-text',
  };

  it('builds what the settings name, showing endpoints without credentials', () => {
    expect(createProvider(settings)).toBeNull();
    expect(createEmbedder(settings)).toBeNull();
    expect(createProvider({ ...settings, LLM_PROVIDER: 'ollama' })).toMatchObject({
      name: 'ollama',
      model: 'qwen2.5:3b',
      endpoint: 'http://127.0.0.1:11434',
    });
    expect(createProvider({ ...settings, LLM_PROVIDER: 'openai' })).toMatchObject({
      name: 'openai',
      model: 'gpt-4o-mini',
      endpoint: 'http://127.0.0.1:8000/v1',
    });
    expect(createEmbedder({ ...settings, EMBEDDING_PROVIDER: 'ollama' })).toMatchObject({
      name: 'ollama',
      model: 'nomic-embed-text',
    });
    expect(
      createEmbedder({ ...settings, EMBEDDING_PROVIDER: 'openai', EMBEDDING_MODEL: 'text-embedding-3-small' }),
    ).toMatchObject({
      name: 'openai',
      model: 'text-embedding-3-small',
    });
  });

  it('uses LLM_TIMEOUT_MS when given', async () => {
    const server = await fake('ollama', [{ delayMs: 5000 }, { delayMs: 5000 }]);
    const llm = createProvider({
      ...settings,
      LLM_PROVIDER: 'ollama',
      OLLAMA_BASE_URL: server.url,
      LLM_TIMEOUT_MS: 100,
    })!;
    await expect(llm.chat(question)).rejects.toThrow(/did not answer within 100 ms/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A URL on a port that was just free: connecting to it is refused. */
async function closedPortUrl(flavor: Flavor): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return flavor === 'ollama' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`;
}
