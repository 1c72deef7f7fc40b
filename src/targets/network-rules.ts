import { isIP } from 'node:net';

/**
 * One entry of TARGET_ALLOW / TARGET_DENY: an address range (`10.0.0.0/8`, `fd00::/8`, a single
 * address), a host name matched as typed (`db.internal`), or a Unix socket directory (`/var/run/postgresql`).
 */
export type NetworkRule =
  | { kind: 'range'; text: string; address: string; prefix: number; family: 'ipv4' | 'ipv6' }
  | { kind: 'name'; text: string; name: string }
  | { kind: 'socket'; text: string; path: string };

const hostName =
  /^(?=.{1,253}\.?$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Reads one entry; returns a sentence saying what is wrong when it is not one. */
function parseRule(entry: string): NetworkRule | string {
  const text = entry.trim();
  if (text.startsWith('/')) return { kind: 'socket', text, path: text.replace(/\/+$/, '') || '/' };
  const [address = '', prefixText, extra] = text.split('/');
  const version = isIP(address);
  if (version !== 0) {
    const family = version === 4 ? 'ipv4' : 'ipv6';
    const max = version === 4 ? 32 : 128;
    if (extra !== undefined || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)))
      return `"${text}" is not an address range (expected e.g. 10.0.0.0/8)`;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (prefix > max) return `"${text}" has a prefix longer than ${max} bits`;
    return { kind: 'range', text, address, prefix, family };
  }
  if (prefixText !== undefined) return `"${text}" is not an address range (expected e.g. 10.0.0.0/8)`;
  if (!hostName.test(text)) return `"${text}" is neither an address range, a host name nor a socket directory`;
  return { kind: 'name', text, name: text.toLowerCase().replace(/\.$/, '') };
}

/** Splits a comma-separated list into rules; throws one sentence naming the first bad entry. */
export function parseRules(list: string | undefined): NetworkRule[] {
  const rules: NetworkRule[] = [];
  for (const entry of (list ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const rule = parseRule(entry);
    if (typeof rule === 'string') throw new Error(rule);
    rules.push(rule);
  }
  return rules;
}

/** The zod refinement's view: undefined when the list is fine, else what is wrong. */
export function ruleListProblem(list: string): string | undefined {
  try {
    parseRules(list);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
