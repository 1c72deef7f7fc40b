import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A scripted model server on 127.0.0.1 that speaks Ollama's or the OpenAI API's wire format. Each
 * request to a model endpoint takes the next step of the script; requests to unknown paths get the
 * server's usual 404 without using a step. Every request is recorded.
 */

export type Flavor = 'ollama' | 'openai';

type FakeReply =
  /** A chat answer, wrapped in the flavor's format with usage numbers. */
  | { text: string; usage?: { prompt_tokens: number; completion_tokens: number }; finishReason?: 'stop' | 'length' }
  | { embeddings: number[][] }
  /** The installed (Ollama) or served (OpenAI) model names, for /api/tags and /v1/models. */
  | { models: string[] }
  /** Any status; an object body is sent as JSON, a string as text. */
  | { status: number; body?: unknown }
  /** Waits, then answers `then`; without `then` it never answers (to force a timeout). */
  | { delayMs: number; then?: FakeReply }
  /** Destroys the socket without answering, as a crashing server does. */
  | { hangUp: true };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined for GET. */
  body: any;
  /** The client closed the connection before the answer was sent (its timeout or abort). */
  clientGone: boolean;
}

export type ScriptStep = FakeReply | ((request: RecordedRequest) => FakeReply);

export interface FakeLlm {
  /** The base URL to configure: http://127.0.0.1:port for Ollama, http://127.0.0.1:port/v1 for OpenAI. */
  url: string;
  calls: RecordedRequest[];
  /** Chat requests only. */
  chatCalls(): RecordedRequest[];
  close(): Promise<void>;
}

const routes: Record<Flavor, { chat: string; embed: string; models: string }> = {
  ollama: { chat: 'POST /api/chat', embed: 'POST /api/embed', models: 'GET /api/tags' },
  openai: { chat: 'POST /v1/chat/completions', embed: 'POST /v1/embeddings', models: 'GET /v1/models' },
};

export interface FakeLlmOptions {
  flavor: Flavor;
  script: ScriptStep[];
  /** Answered once the script is spent (a bench's endless fixed-delay model); unset: 500 "script exhausted". */
  repeat?: ScriptStep;
  /** Listen on this port (to come back where it was after `close()`); a free one when unset. */
  port?: number;
  /** Keep no record of requests (a bench's long run). */
  record?: boolean;
}

export async function startFakeLlm(options: FakeLlmOptions): Promise<FakeLlm> {
  const { flavor } = options;
  const script = [...options.script];
  const calls: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const route = routes[flavor];

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      headers: req.headers,
      body: raw ? safeJson(raw) : undefined,
      clientGone: false,
    };
    if (options.record !== false) calls.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.clientGone = true;
    });

    const endpoint = `${recorded.method} ${recorded.path}`;
    const kind =
      endpoint === route.chat
        ? 'chat'
        : endpoint === route.embed
          ? 'embed'
          : endpoint === route.models
            ? 'models'
            : null;
    if (!kind) {
      if (flavor === 'ollama') send(res, 404, '404 page not found');
      else send(res, 404, { error: { message: `Unknown request URL: ${endpoint}`, type: 'invalid_request_error' } });
      return;
    }
    const step = script.shift() ?? options.repeat;
    if (step === undefined) return send(res, 500, { error: 'script exhausted' });
    answer(res, req, recorded, kind, typeof step === 'function' ? step(recorded) : step);
  });

  function answer(
    res: http.ServerResponse,
    req: http.IncomingMessage,
    request: RecordedRequest,
    kind: 'chat' | 'embed' | 'models',
    reply: FakeReply,
  ): void {
    if ('hangUp' in reply) {
      req.socket.destroy();
      return;
    }
    if ('delayMs' in reply) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (reply.then && !res.destroyed) answer(res, req, request, kind, reply.then);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    if ('status' in reply) send(res, reply.status, reply.body ?? { error: `fake error ${reply.status}` });
    else if ('text' in reply && kind === 'chat') send(res, 200, chatBody(flavor, request, reply));
    else if ('embeddings' in reply && kind === 'embed') send(res, 200, embedBody(flavor, request, reply.embeddings));
    else if ('models' in reply && kind === 'models') send(res, 200, modelsBody(flavor, reply.models));
    else
      send(res, 500, {
        error: `fake: the scripted reply ${JSON.stringify(reply).slice(0, 60)} does not fit ${request.method} ${request.path}`,
      });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: flavor === 'ollama' ? base : `${base}/v1`,
    calls,
    chatCalls: () => calls.filter((call) => `${call.method} ${call.path}` === route.chat),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function chatBody(
  flavor: Flavor,
  request: RecordedRequest,
  reply: { text: string; usage?: { prompt_tokens: number; completion_tokens: number }; finishReason?: string },
) {
  const usage = reply.usage ?? {
    prompt_tokens: Math.max(1, Math.ceil(JSON.stringify(request.body?.messages ?? '').length / 4)),
    completion_tokens: Math.max(1, Math.ceil(reply.text.length / 4)),
  };
  const finish = reply.finishReason ?? 'stop';
  if (flavor === 'ollama')
    return {
      model: request.body?.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: reply.text },
      done: true,
      done_reason: finish,
      total_duration: 1_000_000,
      load_duration: 100_000,
      prompt_eval_count: usage.prompt_tokens,
      prompt_eval_duration: 400_000,
      eval_count: usage.completion_tokens,
      eval_duration: 500_000,
    };
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.body?.model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: finish }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function embedBody(flavor: Flavor, request: RecordedRequest, embeddings: number[][]) {
  if (flavor === 'ollama')
    return { model: request.body?.model, embeddings, total_duration: 1_000, prompt_eval_count: embeddings.length };
  return {
    object: 'list',
    // Real servers may list items out of order; `index` is what counts.
    data: embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })).reverse(),
    model: request.body?.model,
    usage: { prompt_tokens: embeddings.length, total_tokens: embeddings.length },
  };
}

function modelsBody(flavor: Flavor, names: string[]) {
  if (flavor === 'ollama')
    return { models: names.map((name) => ({ name, model: name, size: 1_900_000_000, details: { family: 'qwen2' } })) };
  return { object: 'list', data: names.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The JSON a well-behaved model writes for the generation call. */
export function answerJson(answer: {
  intent?: string;
  tables?: string[];
  sql?: string;
  rationale?: string;
  reply?: string;
}): string {
  return JSON.stringify({ intent: 'query', tables: [], sql: '', rationale: '', ...answer });
}
