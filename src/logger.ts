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
];

export function createLogger(config: Config, stream?: NodeJS.WritableStream): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return stream ? pino(options, stream as pino.DestinationStream) : pino(options);
}
