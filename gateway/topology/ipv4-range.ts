import { isIPv4 } from 'node:net';

/** An IPv4 CIDR block as two unsigned 32-bit bounds, inclusive. */
export interface Ipv4Range {
  text: string;
  first: number;
  last: number;
}

/** The lab's whole address space: the embedded lab lives in loopback (RFC 1122 3.2.1.3: 127/8). */
export const loopbackRange: Ipv4Range = parseRange('127.0.0.0/8') as Ipv4Range;

/** The 32-bit value of a dotted IPv4 address, or undefined if `address` is not one. */
export function ipv4ToNumber(address: string): number | undefined {
  if (!isIPv4(address)) return undefined;
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** A remote address as Node reports it, with an IPv4-mapped IPv6 prefix (`::ffff:`) removed. */
export function plainIpv4(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Parses `a.b.c.d/n`; undefined if malformed or if host bits are set (a typo, not a network). */
export function parseRange(text: string): Ipv4Range | undefined {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  const base = match ? ipv4ToNumber(match[1] ?? '') : undefined;
  const bits = Number(match?.[2]);
  if (base === undefined || !(bits >= 0 && bits <= 32)) return undefined;
  const size = 2 ** (32 - bits);
  if (base % size !== 0) return undefined;
  return { text, first: base, last: base + size - 1 };
}

/** True when `address` (dotted IPv4) lies inside `range`. */
export function rangeContains(range: Ipv4Range, address: string): boolean {
  const value = ipv4ToNumber(address);
  return value !== undefined && value >= range.first && value <= range.last;
}

/** True when two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies wholly inside `outer`. */
export function rangeWithin(inner: Ipv4Range, outer: Ipv4Range): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** The dotted IPv4 address of a 32-bit value. */
export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
