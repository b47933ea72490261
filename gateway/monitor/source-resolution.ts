import { isIP } from 'node:net';
import { plainIpv4 } from '../topology/ipv4-range.ts';
import type { Topology } from '../topology/topology.ts';
import type { SourcePlace } from './observations.ts';

/** Maps a server-seen `address:port` back to the real client; undefined when it does not know. */
export type ResolveSource = (source: string) => SourcePlace | undefined;

/**
 * The zone given to a source that is one of the gateway's own addresses: the server saw a forwarded
 * flow and nobody said whose. Detectors that judge a zone (wrong-zone device) skip it rather than
 * blame the gateway's zone for every client behind it.
 */
export const behindGateway = 'behind-gateway';

/** The address of `address:port`, `[v6]:port`, or a bare address; IPv4-mapped IPv6 made plain. */
export function addressOfSource(source: string): string {
  if (isIP(source)) return plainIpv4(source) ?? source;
  const bracketed = /^\[(.+)\]:\d+$/.exec(source);
  if (bracketed?.[1]) return plainIpv4(bracketed[1]) ?? source;
  const withPort = /^(.+):\d+$/.exec(source);
  const host = withPort?.[1];
  return host !== undefined && isIP(host) ? (plainIpv4(host) ?? host) : source;
}

/**
 * Where a server-seen source really is: `resolve` first (it can undo the gateway's forwarding),
 * else the source's own address and its topology zone.
 */
export function sourcePlace(source: string, topology: Topology, resolve?: ResolveSource): SourcePlace {
  const resolved = resolve?.(source);
  if (resolved) return resolved;
  const address = addressOfSource(source);
  const forwarded = topology.zones.some((zone) => zone.gateway === address);
  return { address, zone: forwarded ? behindGateway : topology.zoneOf(address) };
}
