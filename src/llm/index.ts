import type { Config } from '../config.ts';
import { createOllamaEmbedder, createOllamaProvider } from './ollama.ts';
import { createOpenAiEmbedder, createOpenAiProvider } from './openai.ts';
import type { Embedder, LlmProvider } from './types.ts';

export type { ChatMessage, Embedder, JsonSchema, LlmProvider } from './types.ts';
export { isLlmError, LlmBadResponse } from './errors.ts';
export { parseAnswer, parseJsonLoose } from './parse.ts';
export {
  answerJsonSchema,
  buildGenerationPrompt,
  buildSummaryPrompt,
  generationSettings,
  type BusinessTerm,
  type Retry,
} from './prompts.ts';

type LlmConfig = Pick<
  Config,
  | 'LLM_PROVIDER'
  | 'OLLAMA_BASE_URL'
  | 'OLLAMA_MODEL'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_API_KEY'
  | 'OPENAI_MODEL'
  | 'EMBEDDING_PROVIDER'
  | 'EMBEDDING_MODEL'
> & {
  /** Per attempt; a call may take twice this with its one retry. */
  LLM_TIMEOUT_MS?: number;
};

const defaultLlmTimeoutMs = 60_000;

/** The chat model the settings name, or null for the built-in engine. */
export function createProvider(config: LlmConfig): LlmProvider | null {
  const timeoutMs = config.LLM_TIMEOUT_MS ?? defaultLlmTimeoutMs;
  switch (config.LLM_PROVIDER) {
    case 'builtin':
      return null;
    case 'ollama':
      return createOllamaProvider({ baseUrl: config.OLLAMA_BASE_URL, model: config.OLLAMA_MODEL, timeoutMs });
    case 'openai':
      return createOpenAiProvider({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_MODEL,
        timeoutMs,
      });
  }
}

/** The embedding model the settings name, or null when EMBEDDING_PROVIDER is none. */
export function createEmbedder(config: LlmConfig): Embedder | null {
  const timeoutMs = config.LLM_TIMEOUT_MS ?? defaultLlmTimeoutMs;
  switch (config.EMBEDDING_PROVIDER) {
    case 'none':
      return null;
    case 'ollama':
      return createOllamaEmbedder({ baseUrl: config.OLLAMA_BASE_URL, model: config.EMBEDDING_MODEL, timeoutMs });
    case 'openai':
      return createOpenAiEmbedder({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.EMBEDDING_MODEL,
        timeoutMs,
      });
  }
}
