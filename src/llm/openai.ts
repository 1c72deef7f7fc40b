import { z } from 'zod';
import { LlmBadResponse, LlmRejected, LlmUnavailable } from './errors.ts';
import { displayUrl, type HttpResponse, joinUrl, readJson, sendWithRetry, serverMessage } from './http.ts';
import type { ChatMessage, ChatOptions, ChatResult, Embedder, JsonSchema, LlmProvider } from './types.ts';

/*
 * Any OpenAI-compatible server: OpenAI, vLLM, llama.cpp's llama-server, LM Studio. The base URL is the
 * one that ends in /v1; paths are appended to it.
 */

export interface OpenAiSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  retryDelayMs?: number;
}

const embedBatchSize = 64;
const pingTimeoutMs = 10_000;

const chatReply = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});
const embedReply = z.object({
  data: z.array(z.object({ index: z.number().optional(), embedding: z.array(z.number()) })),
});
const modelsReply = z.object({ data: z.array(z.unknown()).nullish() });

/**
 * How structured output is asked for. Servers differ: OpenAI, vLLM and LM Studio take `json_schema`;
 * some llama.cpp builds only `json_object`; others reject both. Each 400 about it steps down once.
 */
type JsonMode = 'json_schema' | 'json_object' | 'prompt_only';
const nextJsonMode: Record<JsonMode, JsonMode | null> = {
  json_schema: 'json_object',
  json_object: 'prompt_only',
  prompt_only: null,
};

/** OpenAI's reasoning models refuse `max_tokens` and want `max_completion_tokens`; most other servers only know `max_tokens`. */
type TokenLimitField = 'max_tokens' | 'max_completion_tokens';

function openAiClient(settings: OpenAiSettings) {
  const endpoint = displayUrl(settings.baseUrl);
  const service = `OpenAI-compatible server at ${endpoint}`;
  const secrets = settings.apiKey ? [settings.apiKey] : [];
  const headers: Record<string, string> = settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};

  function send(
    path: string,
    body: unknown,
    signal?: AbortSignal,
    timeoutMs = settings.timeoutMs,
  ): Promise<HttpResponse> {
    return sendWithRetry({
      service,
      url: joinUrl(settings.baseUrl, path),
      method: body === undefined ? 'GET' : 'POST',
      body,
      headers,
      timeoutMs,
      signal,
      secrets,
      retryDelayMs: settings.retryDelayMs,
    });
  }

  function rejection(response: HttpResponse, path: string): Error {
    const said = serverMessage(response.text, secrets);
    const saying = said ? `: ${said}` : '';
    switch (response.status) {
      case 401:
      case 403:
        return new LlmRejected(
          settings.apiKey
            ? `${service} refused the API key (HTTP ${response.status})${saying}. Check OPENAI_API_KEY.`
            : `${service} wants an API key (HTTP ${response.status})${saying}. Set OPENAI_API_KEY.`,
          response.status,
        );
      case 404:
        return /model/i.test(said)
          ? new LlmRejected(`${service} does not know the model "${settings.model}"${saying}. Check OPENAI_MODEL.`, 404)
          : new LlmRejected(`${service} has no ${path} (HTTP 404). OPENAI_BASE_URL usually ends in /v1.`, 404);
      case 429:
        return new LlmUnavailable(`${service} is rate-limiting requests (HTTP 429)${saying}`, 'server_error', 1);
      default:
        return new LlmRejected(`${service} rejected the request (HTTP ${response.status})${saying}`, response.status);
    }
  }

  async function ping(signal?: AbortSignal): Promise<void> {
    const response = await send('/models', undefined, signal, Math.min(settings.timeoutMs, pingTimeoutMs));
    if (response.status >= 300) throw rejection(response, '/models');
    readJson(response, modelsReply, service);
  }

  return { endpoint, service, send, rejection, ping };
}

export function createOpenAiProvider(settings: OpenAiSettings): LlmProvider {
  const openai = openAiClient(settings);
  let jsonMode: JsonMode = 'json_schema';
  let tokenLimitField: TokenLimitField = 'max_tokens';

  function requestBody(messages: ChatMessage[], options: ChatOptions) {
    return {
      model: settings.model,
      messages,
      stream: false,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.maxTokens === undefined ? {} : { [tokenLimitField]: options.maxTokens }),
      ...(options.json ? responseFormat(jsonMode, options.json) : {}),
    };
  }

  return {
    name: 'openai',
    model: settings.model,
    endpoint: openai.endpoint,
    async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatResult> {
      const started = performance.now();
      for (;;) {
        const response = await openai.send('/chat/completions', requestBody(messages, options), options.signal);
        if (response.status < 300) {
          const reply = readJson(response, chatReply, openai.service);
          const choice = reply.choices[0]!;
          return {
            // A refusal is the model's answer in words; the caller reads it like any prose reply.
            text: choice.message.content ?? choice.message.refusal ?? '',
            usage: {
              prompt_tokens: reply.usage?.prompt_tokens ?? 0,
              completion_tokens: reply.usage?.completion_tokens ?? 0,
            },
            ms: Math.round(performance.now() - started),
            truncated: choice.finish_reason === 'length',
          };
        }
        const said = serverMessage(response.text);
        const stepDown = nextJsonMode[jsonMode];
        if (
          options.json &&
          stepDown &&
          isBadRequest(response) &&
          /response_format|json_schema|json_object|schema|structured/i.test(said)
        ) {
          jsonMode = stepDown;
          continue;
        }
        if (
          options.maxTokens !== undefined &&
          tokenLimitField === 'max_tokens' &&
          isBadRequest(response) &&
          /max_completion_tokens/.test(said)
        ) {
          tokenLimitField = 'max_completion_tokens';
          continue;
        }
        throw openai.rejection(response, '/chat/completions');
      }
    },
    ping: openai.ping,
  };
}

export function createOpenAiEmbedder(settings: OpenAiSettings): Embedder {
  const openai = openAiClient(settings);
  return {
    name: 'openai',
    model: settings.model,
    endpoint: openai.endpoint,
    async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += embedBatchSize) {
        const batch = texts.slice(start, start + embedBatchSize);
        const response = await openai.send('/embeddings', { model: settings.model, input: batch }, signal);
        if (response.status >= 300) throw openai.rejection(response, '/embeddings');
        const reply = readJson(response, embedReply, openai.service);
        if (reply.data.length !== batch.length)
          throw new LlmBadResponse(
            `${openai.service} returned ${reply.data.length} embeddings for ${batch.length} texts`,
          );
        const ordered = reply.data
          .map((item, position) => ({ at: item.index ?? position, embedding: item.embedding }))
          .sort((a, b) => a.at - b.at);
        vectors.push(...ordered.map((item) => item.embedding));
      }
      return vectors;
    },
    ping: openai.ping,
  };
}

function responseFormat(mode: JsonMode, schema: JsonSchema) {
  switch (mode) {
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: false } } };
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'prompt_only':
      return {};
  }
}

function isBadRequest(response: HttpResponse): boolean {
  return response.status === 400 || response.status === 422;
}
