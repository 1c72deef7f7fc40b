import { loadModule, parseSync, hasSqlDetails, type ParseResult } from 'libpg-query';
import { reject, type GuardRejected } from './types.ts';
import { messageOf } from '../errors.ts';

let moduleReady: Promise<void> | undefined;
let moduleLoaded = false;

/** Loads PostgreSQL's parser (WASM) once; the sync checks need it loaded first. */
export function loadParser(): Promise<void> {
  moduleReady ??= loadModule().then(() => {
    moduleLoaded = true;
  });
  return moduleReady;
}

export function isParserLoaded(): boolean {
  return moduleLoaded;
}

export type ParseOutcome = { ok: true; tree: ParseResult } | GuardRejected;

// The parser reports running out of its stack in these words (bison's stack, or PostgreSQL's
// max_stack_depth check inside the WASM build).
const TOO_DEEP = /memory exhausted|stack depth limit exceeded|stack overflow/i;

/** Parses with PostgreSQL's own grammar; failures become a rejection carrying PostgreSQL's message. */
export function parseStatements(sql: string): ParseOutcome {
  try {
    return { ok: true, tree: parseSync(sql) };
  } catch (error) {
    const message = messageOf(error);
    if (TOO_DEEP.test(message) || error instanceof RangeError) {
      return reject('too_complex', `The query is nested too deeply to check (PostgreSQL's parser says: ${message}).`);
    }
    if (hasSqlDetails(error) && error.sqlDetails) {
      const position = error.sqlDetails.cursorPosition + 1;
      return reject('parse_error', `The query is not valid SQL: ${message} (at character ${position}).`, position);
    }
    return reject('parse_error', `The query is not valid SQL: ${message}.`);
  }
}
