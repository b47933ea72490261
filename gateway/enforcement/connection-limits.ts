import type { ConnectionRate } from './connection-rate.ts';

/** The gateway's bounds. A flood from one source must not starve the others (issue 5, "Bad input"). */
export interface GatewayLimits {
  /** Open connections one source address may hold through the gateway at once. */
  maxConnectionsPerSource: number;
  /** A connection with no bytes either way for this long is closed (ms, real time: sockets are real). */
  idleTimeoutMs: number;
  /** After one side half-closes (FIN), the other has this long to finish (ms). */
  halfOpenTimeoutMs: number;
  /** How long the gateway waits for the real service to accept (ms). */
  connectTimeoutMs: number;
  /** How fast one source may open new connections (connection-rate.ts); null: no rate limit. */
  connectionRate: ConnectionRate | null;
}

export const defaultLimits: GatewayLimits = {
  maxConnectionsPerSource: 256, // connections
  idleTimeoutMs: 300_000, // 5 min: MQTT keep-alive is 60 s, so a live pump is never idle this long
  halfOpenTimeoutMs: 30_000, // 30 s
  connectTimeoutMs: 5_000, // 5 s
  connectionRate: null, // off: the "rate limits" control turns on defaultConnectionRate (20 per 10 s)
};

/** Counts open connections per source address. */
export class SourceCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `source`; false when it already holds the maximum. */
  acquire(source: string): boolean {
    const held = this.open.get(source) ?? 0;
    if (held >= this.max) return false;
    this.open.set(source, held + 1);
    return true;
  }

  /** Gives back a slot taken by `acquire`. */
  release(source: string): void {
    const held = (this.open.get(source) ?? 1) - 1;
    if (held <= 0) this.open.delete(source);
    else this.open.set(source, held);
  }

  /** Open connections of `source`. */
  held(source: string): number {
    return this.open.get(source) ?? 0;
  }
}
