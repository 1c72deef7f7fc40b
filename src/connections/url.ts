import { Invalid } from '../errors.ts';
import { sslModes, type SslMode, type TargetParams } from '../targets/postgres.ts';

export type ParsedConnectionUrl = TargetParams;

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Invalid(
      `The ${what} in the URL has a broken percent-encoding (a "%" must be followed by two hex digits)`,
    );
  }
}

/** Reads a `postgres://user:password@host:port/database?sslmode=...` URL; says exactly what is wrong. */
export function parseConnectionUrl(text: string): ParsedConnectionUrl {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (!scheme) throw new Invalid('Not a URL: expected postgres://user:password@host:5432/database');
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    throw new Invalid(`Unsupported scheme "${scheme}://": only postgres:// and postgresql:// URLs are accepted`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Invalid(
      'The URL could not be read: check the host, port and any special characters (percent-encode them)',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Invalid('The URL has no host');
  const port = url.port ? Number(url.port) : 5432;
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  if (!database) throw new Invalid('The URL has no database name (postgres://user@host:5432/<database>)');
  if (database.includes('/')) throw new Invalid('The database name in the URL may not contain "/"');
  const username = decode(url.username, 'user name');
  if (!username) throw new Invalid('The URL has no user name (postgres://<user>:<password>@host/database)');
  const password = decode(url.password, 'password');
  const sslParam = url.searchParams.get('sslmode') ?? 'prefer';
  if (!(sslModes as readonly string[]).includes(sslParam))
    throw new Invalid(`Unknown sslmode "${sslParam}": use one of ${sslModes.join(', ')}`);
  for (const key of url.searchParams.keys()) {
    if (key !== 'sslmode') throw new Invalid(`Unsupported URL parameter "${key}": only sslmode is understood`);
  }
  return { host, port, database, username, password, sslMode: sslParam as SslMode };
}
