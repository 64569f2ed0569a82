/**
 * Addresses a crawl may connect to. Links and redirects come from servers the user does not
 * control: a public page must not turn the crawler against its own host, its network or a
 * cloud's metadata service (169.254.169.254, Alibaba's 100.100.100.200). Loopback, private,
 * link-local, shared (CGNAT), multicast and reserved ranges are refused, unless the host was
 * given by the user (a seed: the demo portal on 127.0.0.1, an intranet mirror) or the crawl
 * allows private addresses outright (`--allow-private`).
 *
 * Names are checked on the addresses actually connected to (the lookup the socket uses), not
 * on a separate resolution, so a name that resolves publicly once and privately the next time
 * (DNS rebinding) gains nothing.
 */
import { XxgkError } from '../errors.js';
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** The lookup a socket calls (node:net's `lookup` option). */
export type LookupFunction = typeof dnsLookup;

export interface AddressPolicy {
  /** Allow every address (`--allow-private`). */
  allowPrivate: boolean;
  /** Host names (lower case, IPv6 without brackets) the user gave: allowed whatever their address. */
  trustedHosts: ReadonlySet<string>;
  /** DNS lookup to use (tests give one that maps names to 127.0.0.1); default dns.lookup. */
  lookup?: LookupFunction;
}

export class AddressRefusedError extends XxgkError {
  override name = 'AddressRefusedError';
  constructor(message: string) {
    super('ERR_ADDRESS_REFUSED', message);
  }
}

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (CGNAT; Alibaba Cloud's metadata at 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local (AWS's metadata at fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
] as const) BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is in a range a crawl must not reach from a public page. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4 written in IPv6 (::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::7f00:1): the IPv4 inside decides.
  const embedded = embeddedIpv4(address);
  if (embedded) return BLOCKED.check(embedded, 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** A URL's host name as the policy compares it: lower case, IPv6 without brackets. */
export function hostKey(url: string | URL): string {
  return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/** The policy of a crawl or a fetch: the hosts of the URLs the user gave are trusted. */
export function policyFor(givenUrls: Iterable<string>, allowPrivate: boolean, lookup?: LookupFunction): AddressPolicy {
  const trustedHosts = new Set<string>();
  for (const url of givenUrls) {
    try {
      trustedHosts.add(hostKey(url));
    } catch {
      // not a URL: nothing to trust
    }
  }
  return lookup ? { allowPrivate, trustedHosts, lookup } : { allowPrivate, trustedHosts };
}

/**
 * Why a URL may not be requested before any connection (its host is an IP address in a
 * blocked range, or not http/https), or null. Names are checked when they are resolved.
 */
export function refusalOf(url: string | URL, policy: AddressPolicy): string | null {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return `refused: ${target.protocol} URL (only http and https are fetched)`;
  const host = hostKey(target);
  if (policy.allowPrivate || policy.trustedHosts.has(host)) return null;
  if (isIP(host) && isPrivateAddress(host)) return `refused: ${host} is a private, loopback or link-local address (a seed's own host, or --allow-private, allows it)`;
  return null;
}

/** A lookup that fails for names of untrusted hosts resolving to a blocked address. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  const base = policy.lookup ?? dnsLookup;
  const guarded = (hostname: string, options: unknown, callback?: unknown): void => {
    let cb = callback as (error: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;
    let opts = options as number | { family?: number; all?: boolean; hints?: number } | undefined;
    if (typeof options === 'function') {
      cb = options as typeof cb;
      opts = undefined;
    }
    const wanted = typeof opts === 'number' ? { family: opts } : { ...(opts ?? {}) };
    const all = wanted.all === true;
    (base as (h: string, o: object, c: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => void)(
      hostname,
      { ...wanted, all: true },
      (error, addresses) => {
        if (error) return cb(error);
        const host = hostname.toLowerCase();
        if (!policy.allowPrivate && !policy.trustedHosts.has(host)) {
          const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
          if (blocked) {
            return cb(new AddressRefusedError(`refused: ${hostname} resolves to ${blocked.address}, a private, loopback or link-local address (a seed's own host, or --allow-private, allows it)`));
          }
        }
        if (all) return cb(null, addresses);
        const first = addresses[0];
        if (!first) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
        cb(null, first.address, first.family);
      },
    );
  };
  return guarded as unknown as LookupFunction;
}
