/** What every bench command reads from its command line and environment. */
import path from 'node:path';

/** `--name value` options and `--flag` switches. */
export function cliArgs(argv: string[] = process.argv.slice(2)) {
  return {
    option: (name: string): string | undefined => {
      const i = argv.indexOf(`--${name}`);
      return i >= 0 ? argv[i + 1] : undefined;
    },
    flag: (name: string): boolean => argv.includes(`--${name}`),
  };
}

/** ../shared/bench beside the project (`BENCH_ROOT` to move it). */
export const benchRoot = process.env.BENCH_ROOT ?? path.resolve(import.meta.dirname, '../../shared/bench');

/** The server holding the bench_<db> databases (`PGURL`), without a trailing slash. */
export const benchServer = (process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
