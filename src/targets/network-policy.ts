import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { parseRules, type NetworkRule } from './network-rules.ts';
import { TargetRefused } from './refused.ts';

/** Address ranges a production server refuses unless TARGET_ALLOW names them. */
const restrictedRanges: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (carrier-grade NAT)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private (unique local)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
];

function blockListOf(rules: NetworkRule[]): { list: BlockList; rules: { rule: NetworkRule; list: BlockList }[] } {
  const all = new BlockList();
  const each = rules.flatMap((rule) => {
    if (rule.kind !== 'range') return [];
    const list = new BlockList();
    list.addSubnet(rule.address, rule.prefix, rule.family);
    all.addSubnet(rule.address, rule.prefix, rule.family);
    return [{ rule, list }];
  });
  return { list: all, rules: each };
}

/** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return { address: mapped, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

function restrictedKind(address: string, family: 'ipv4' | 'ipv6'): string | undefined {
  for (const [network, prefix, rangeFamily, kind] of restrictedRanges) {
    if (rangeFamily !== family) continue;
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    if (list.check(address, family)) return kind;
  }
  return undefined;
}

function within(path: string, directory: string): boolean {
  const clean = path.replace(/\/+$/, '');
  return clean === directory || clean.startsWith(`${directory}/`) || directory === '/';
}

export interface NetworkPolicyOptions {
  allow?: string;
  deny?: string;
  /** Production refuses loopback, link-local, private ranges and Unix sockets unless allowed. */
  production?: boolean;
}

/**
 * Which hosts AskDB may connect to for users: TARGET_DENY always wins; in production, private,
 * loopback and link-local addresses and Unix sockets need TARGET_ALLOW. Every address a name
 * resolves to is checked, before connecting and again as the socket connects (`lookup`), so a
 * name that resolves differently the second time cannot slip through.
 */
export class NetworkPolicy {
  private readonly allow: NetworkRule[];
  private readonly deny: NetworkRule[];
  private readonly allowRanges: ReturnType<typeof blockListOf>;
  private readonly denyRanges: ReturnType<typeof blockListOf>;
  private readonly production: boolean;

  constructor(options: NetworkPolicyOptions = {}) {
    this.allow = parseRules(options.allow);
    this.deny = parseRules(options.deny);
    this.allowRanges = blockListOf(this.allow);
    this.denyRanges = blockListOf(this.deny);
    this.production = options.production ?? false;
  }

  /** Refuses `host` (a name, an address or a socket directory) and every address it resolves to, when the policy says so. */
  async check(host: string): Promise<void> {
    if (host.startsWith('/')) return this.checkSocket(host);
    if (isIP(host)) return this.checkAddresses(host, [host]);
    this.checkName(host);
    const addresses = await new Promise<string[] | undefined>((resolve) =>
      // A name that does not resolve is refused by the connection attempt itself, in its own words.
      dnsLookup(host, { all: true }, (error, found) => resolve(error ? undefined : found.map((a) => a.address))),
    );
    if (addresses) this.checkAddresses(host, addresses);
  }

  /** A `dns.lookup` for sockets: resolves as usual, then refuses when any address is outside the policy. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(
      hostname,
      { ...(options as LookupOneOptions), all: true } as LookupAllOptions,
      (error, found: LookupAddress[]) => {
        if (error) return callback(error, '', 4);
        try {
          this.checkName(hostname);
          this.checkAddresses(
            hostname,
            found.map((a) => a.address),
          );
        } catch (refusal) {
          return callback(refusal as NodeJS.ErrnoException, '', 4);
        }
        if ((options as LookupAllOptions).all)
          return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, found);
        const first = found[0]!;
        callback(null, first.address, first.family);
      },
    );
  };

  private checkSocket(path: string): void {
    const denied = this.deny.find((rule) => rule.kind === 'socket' && within(path, rule.path));
    if (denied)
      throw refusal(`Connections through the Unix socket ${path} are refused by TARGET_DENY (rule "${denied.text}")`);
    if (!this.production || this.allow.some((rule) => rule.kind === 'socket' && within(path, rule.path))) return;
    throw refusal(
      `Connections through Unix sockets (${path}) are refused on this server; an administrator may allow the directory in TARGET_ALLOW`,
    );
  }

  private checkName(host: string): void {
    const name = host.toLowerCase().replace(/\.$/, '');
    const denied = this.deny.find((rule) => rule.kind === 'name' && rule.name === name);
    if (denied) throw refusal(`Connections to ${host} are refused by TARGET_DENY (rule "${denied.text}")`);
  }

  private checkAddresses(host: string, addresses: string[]): void {
    const name = host.toLowerCase().replace(/\.$/, '');
    const allowedByName = this.allow.some((rule) => rule.kind === 'name' && rule.name === name);
    for (const raw of addresses) {
      const { address, family } = normalise(raw);
      const seen = address === host ? host : `${host} (${address})`;
      const denied = this.denyRanges.rules.find((entry) => entry.list.check(address, family));
      if (denied) throw refusal(`Connections to ${seen} are refused by TARGET_DENY (rule "${denied.rule.text}")`);
      if (!this.production || allowedByName || this.allowRanges.list.check(address, family)) continue;
      const kind = restrictedKind(address, family);
      if (kind)
        throw refusal(
          `Connections to ${seen} are refused on this server: ${address} is a ${kind} address; an administrator may allow it in TARGET_ALLOW`,
        );
    }
  }
}

function refusal(message: string): TargetRefused {
  return new TargetRefused('network_policy', message);
}
