import type { FastifyBaseLogger } from 'fastify';
import type { AccessTokens } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { DemoHandle } from './connections/demo.ts';
import type { Vault } from './connections/vault.ts';
import type { AppDatabase, Db } from './db/client.ts';
import type { AnalysisQueue } from './intelligence/jobs.ts';
import type { Embedder, LlmProvider } from './llm/index.ts';
import type { KnowledgeCache } from './retrieval/knowledge-cache.ts';
import type { Metrics } from './system/metrics.ts';
import type { TargetPools } from './targets/postgres.ts';

/** What services need from the running app; built once in server.ts, built the same way by tests. */
export interface AppContext {
  config: Config;
  database: AppDatabase;
  db: Db;
  tokens: AccessTokens;
  /** Encrypts and decrypts stored database passwords. */
  vault: Vault;
  /** node-postgres pools to users' databases, one per connection. */
  targets: TargetPools;
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** The configured chat model, or null for the built-in engine alone. */
  llm: LlmProvider | null;
  /** Embeds insight documents and questions when EMBEDDING_PROVIDER is set. */
  embedder: Embedder | null;
  /** The embedded demo database, when this process serves one. */
  demo: DemoHandle | null;
  /** Queues background analyses of connections. */
  analysis: AnalysisQueue;
  /**
   * Each connection's analysed model and value look-ups, kept in memory for answering. Call
   * `knowledge.invalidate(connectionId)` after changing what the engine reads (terms, notes).
   */
  knowledge: KnowledgeCache;
}
