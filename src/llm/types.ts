/** A JSON Schema object, sent as-is to the model server for structured output. */
export type JsonSchema = Record<string, unknown>;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Ask for JSON that follows this schema (Ollama `format`, OpenAI `response_format`). */
  json?: JsonSchema;
  /** Abort when the client goes away; the request is dropped and not retried. */
  signal?: AbortSignal;
  temperature?: number;
  maxTokens?: number;
}

interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ChatResult {
  text: string;
  usage: TokenUsage;
  /** Wall time of the whole call, retries included. */
  ms: number;
  /** The server stopped because it hit the token limit, so the text is probably cut off. */
  truncated: boolean;
}

export interface LlmProvider {
  name: 'ollama' | 'openai';
  model: string;
  /** The server's base URL without credentials, for status pages and messages. */
  endpoint: string;
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<ChatResult>;
  /** Resolves when the server answers (and, for Ollama, has the model); throws an LlmError otherwise. */
  ping(signal?: AbortSignal): Promise<void>;
}

/**
 * Embeddings are a separate object from chat because EMBEDDING_PROVIDER and EMBEDDING_MODEL are set
 * independently of LLM_PROVIDER (e.g. chat through OpenAI, embed with a local Ollama model).
 */
export interface Embedder {
  name: 'ollama' | 'openai';
  model: string;
  endpoint: string;
  /** One vector per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  ping(signal?: AbortSignal): Promise<void>;
}
