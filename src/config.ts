import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ruleListProblem } from './targets/network-rules.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const base64Key32 = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, {
  message: 'must be 32 bytes encoded as base64 (generate one with: openssl rand -base64 32)',
});

/** Comma-separated CIDRs, addresses, host names and socket directories (TARGET_ALLOW / TARGET_DENY). */
const networkRules = z.string().superRefine((value, context) => {
  const problem = ruleListProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: `has a bad entry: ${problem}` });
});

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  REFRESH_EXPIRE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ENCRYPTION_KEY: base64Key32.optional(),
  ENCRYPTION_KEYS_OLD: z.string().optional(),
  CORS_ORIGINS: z.string().default('http://localhost:5173,http://127.0.0.1:5173'),
  /** Where people open AskDB in a browser (links in MCP answers); by default the address a request came to. */
  PUBLIC_URL: z.url().optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  AUTH_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  CONNECTION_TEST_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  CONNECTION_TEST_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  TARGET_ALLOW: networkRules.default(''),
  TARGET_DENY: networkRules.default(''),
  TRUST_PROXY: bool.default(false),
  WORKER: z.enum(['on', 'off']).default('on'),
  DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  DEMO_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  LLM_PROVIDER: z.enum(['builtin', 'ollama', 'openai']).default('builtin'),
  OLLAMA_BASE_URL: z.url().default('http://127.0.0.1:11434'),
  OLLAMA_MODEL: z.string().min(1).default('qwen2.5:3b'),
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  EMBEDDING_PROVIDER: z.enum(['none', 'ollama', 'openai']).default('none'),
  EMBEDDING_MODEL: z.string().min(1).default('nomic-embed-text'),
  CATEGORY_THRESHOLD: z.coerce.number().int().min(1).max(10_000).default(100),
  SAMPLE_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  REANALYSIS_INTERVAL_HOURS: z.coerce.number().min(0).default(168),
  ANALYSIS_RETRY_LIMIT: z.coerce.number().int().min(0).max(10).default(2),
  ANALYSIS_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Most bytes of cell text one query result may hold; rows past it are dropped (truncated). */
  MAX_RESULT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(10_485_760),
  /** Longest value kept whole in a result; longer ones are cut and marked. */
  MAX_CELL_BYTES: z.coerce
    .number()
    .int()
    .min(64)
    .max(100 * 1024 * 1024)
    .default(65_536),
});

type Settings = z.infer<typeof settingsSchema>;

export interface Config extends Settings {
  /** Absolute path of the data folder (embedded app DB, generated secrets). */
  dataDir: string;
  embedded: boolean;
  corsOrigins: string[];
}

export class ConfigError extends Error {}

/** One clear line per problem, naming the variable. */
function describeIssues(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      return `${name} ${issue.message}${got === undefined ? '' : ` (got "${name.includes('SECRET') || name.includes('KEY') ? '***' : got}")`}`;
    })
    .join('; ');
}

/** Reads settings from `env` (after an optional `.env` file), validates them and derives the rest. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = settingsSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error, env)}`);
  const settings = parsed.data;
  if (settings.NODE_ENV === 'production') {
    if (!settings.JWT_SECRET || Buffer.byteLength(settings.JWT_SECRET) < 32)
      throw new ConfigError('Invalid configuration: JWT_SECRET must be set to at least 32 bytes in production');
    if (!settings.ENCRYPTION_KEY)
      throw new ConfigError(
        'Invalid configuration: ENCRYPTION_KEY must be set in production (openssl rand -base64 32)',
      );
  }
  return {
    ...settings,
    dataDir: path.resolve(settings.DATA_DIR),
    embedded: settings.DATABASE_URL === undefined,
    corsOrigins: settings.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}

/** Loads `.env` from the working directory when present; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
