import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.refresh_token',
  '*.access_token',
  '*.encrypted_password',
  'encryptedPassword',
  '*.encryptedPassword',
];

/** URL parts that are secrets: public chat tokens in API and page paths, tokens in query strings. */
const secretPaths = [/^(\/chat\/public\/)[^/?#]+/, /^(\/share\/)[^/?#]+/];
const secretParams = /([?&](?:token|share_token|refresh_token|access_token|metrics_token)=)[^&#]*/gi;

function redactUrl(url: string): string {
  let clean = url;
  for (const path of secretPaths) clean = clean.replace(path, '$1[redacted]');
  return clean.replace(secretParams, '$1[redacted]');
}

/**
 * A failed query's text names its parameters ("Failed query: …\nparams: …", Drizzle's wording):
 * they can be anything a row holds, an encrypted password included. Only the SQL is kept.
 */
function redactQueryParams(text: string): string {
  return text.replace(/(Failed query: [\s\S]*?\nparams: )[\s\S]*?(?=\n\s+at |$)/g, '$1[redacted]');
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactQueryParams(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'params')
        .map(([key, v]) => [key, redactStrings(v)]),
    );
  return value;
}

const serializers = {
  req: (request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
  err: (error: Error) => redactStrings(pino.stdSerializers.err(error)),
};

export function createLogger(config: Config, stream?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers,
    formatters: {
      log: (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, v]) => [key, typeof v === 'string' ? redactQueryParams(v) : v]),
        ),
    },
    hooks: {
      logMethod(args, method) {
        return method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redactQueryParams(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  };
  return stream ? pino(options, stream as pino.DestinationStream) : pino(options);
}
