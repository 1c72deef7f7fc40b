import { z } from 'zod';
import { LlmBadResponse, LlmRejected, LlmUnavailable } from './errors.ts';
import { displayUrl, type HttpResponse, joinUrl, readJson, sendWithRetry, serverMessage } from './http.ts';
import type { ChatMessage, ChatOptions, ChatResult, Embedder, LlmProvider } from './types.ts';

/* Ollama's native API: POST /api/chat, POST /api/embed, GET /api/tags (github.com/ollama/ollama docs/api.md). */

export interface OllamaSettings {
  baseUrl: string;
  model: string;
  timeoutMs: number;
  /**
   * Context window in tokens. Ollama's default (2048 or 4096 depending on version) silently drops the
   * start of a longer prompt, which is where the rules and the schema are.
   */
  numCtx?: number;
  retryDelayMs?: number;
}

const defaultNumCtx = 8192;
const embedBatchSize = 64;
const pingTimeoutMs = 10_000;

const chatReply = z.object({
  message: z.object({ content: z.string().nullish() }),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
});
const embedReply = z.object({ embeddings: z.array(z.array(z.number())) });
const tagsReply = z.object({ models: z.array(z.object({ name: z.string() })).nullish() });

function ollamaClient(settings: OllamaSettings) {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  const endpoint = displayUrl(baseUrl);
  const service = `Ollama at ${endpoint}`;

  async function send<T>(
    path: string,
    shape: z.ZodType<T>,
    body: unknown,
    signal?: AbortSignal,
    timeoutMs = settings.timeoutMs,
  ): Promise<T> {
    const response = await sendWithRetry({
      service,
      url: joinUrl(baseUrl, path),
      method: body === undefined ? 'GET' : 'POST',
      body,
      timeoutMs,
      signal,
      retryDelayMs: settings.retryDelayMs,
    });
    if (response.status >= 300) throw rejection(response, service, body);
    return readJson(response, shape, service);
  }

  async function ping(signal?: AbortSignal): Promise<void> {
    const tags = await send('/api/tags', tagsReply, undefined, signal, Math.min(settings.timeoutMs, pingTimeoutMs));
    const installed = new Set((tags.models ?? []).map((m) => withTag(m.name)));
    if (!installed.has(withTag(settings.model)))
      throw new LlmRejected(
        `${service} is running but has no model "${settings.model}". Pull it with: ollama pull ${settings.model}`,
        404,
      );
  }

  return { endpoint, service, send, ping };
}

export function createOllamaProvider(settings: OllamaSettings): LlmProvider {
  const ollama = ollamaClient(settings);
  return {
    name: 'ollama',
    model: settings.model,
    endpoint: ollama.endpoint,
    async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatResult> {
      const started = performance.now();
      const body = {
        model: settings.model,
        messages,
        stream: false,
        ...(options.json ? { format: options.json } : {}),
        options: {
          num_ctx: settings.numCtx ?? defaultNumCtx,
          ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
          ...(options.maxTokens === undefined ? {} : { num_predict: options.maxTokens }),
        },
      };
      const reply = await ollama.send('/api/chat', chatReply, body, options.signal);
      return {
        text: reply.message.content ?? '',
        usage: { prompt_tokens: reply.prompt_eval_count ?? 0, completion_tokens: reply.eval_count ?? 0 },
        ms: Math.round(performance.now() - started),
        truncated: reply.done_reason === 'length',
      };
    },
    ping: ollama.ping,
  };
}

export function createOllamaEmbedder(settings: OllamaSettings): Embedder {
  const ollama = ollamaClient(settings);
  return {
    name: 'ollama',
    model: settings.model,
    endpoint: ollama.endpoint,
    async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += embedBatchSize) {
        const batch = texts.slice(start, start + embedBatchSize);
        const reply = await ollama.send('/api/embed', embedReply, { model: settings.model, input: batch }, signal);
        if (reply.embeddings.length !== batch.length)
          throw new LlmBadResponse(
            `${ollama.service} returned ${reply.embeddings.length} embeddings for ${batch.length} texts`,
          );
        vectors.push(...reply.embeddings);
      }
      return vectors;
    },
    ping: ollama.ping,
  };
}

function rejection(response: HttpResponse, service: string, body: unknown): Error {
  const said = serverMessage(response.text);
  const model = (body as { model?: unknown } | undefined)?.model;
  if (response.status === 404 && typeof model === 'string' && /not found/i.test(said))
    return new LlmRejected(`${service} has no model "${model}". Pull it with: ollama pull ${model}`, 404);
  if (response.status === 429)
    return new LlmUnavailable(`${service} is busy (HTTP 429)${said ? `: ${said}` : ''}`, 'server_error', 1);
  return new LlmRejected(
    `${service} rejected the request (HTTP ${response.status})${said ? `: ${said}` : ''}`,
    response.status,
  );
}

/** Ollama lists "name:tag"; a bare configured name means ":latest". */
function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}
