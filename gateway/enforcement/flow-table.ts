/** One forwarded flow: who really opened it, and the address the service saw instead. */
export interface FlowOrigin {
  fromAddress: string;
  fromPort: number;
  fromZone: string;
  service: string;
  /** Lab time the flow was opened, ms since the epoch. */
  openedAt: number;
}

/**
 * The gateway's forwarding table, as a NAT keeps one: a service behind the gateway sees the
 * gateway's address and upstream port, and a security event it raises names that. The monitor
 * undoes it here to find the real client. Closed flows stay until `capacity` newer ones push them
 * out, since a server reports a refusal (a failed handshake) just as the connection closes.
 */
export class FlowTable {
  private readonly byUpstream = new Map<string, FlowOrigin>();

  constructor(private readonly capacity = 20_000) {}

  /** Records that `origin` reaches its service from the gateway's `upstreamAddress:upstreamPort`. */
  record(upstreamAddress: string, upstreamPort: number, origin: FlowOrigin): void {
    const key = `${upstreamAddress}:${upstreamPort}`;
    // Re-inserting moves the key to the newest end: an ephemeral port reused is a new flow.
    this.byUpstream.delete(key);
    this.byUpstream.set(key, origin);
    if (this.byUpstream.size > this.capacity) {
      const oldest = this.byUpstream.keys().next().value;
      if (oldest !== undefined) this.byUpstream.delete(oldest);
    }
  }

  /** The real origin of a connection a service saw from `address:port`, when the gateway forwarded it. */
  originOf(source: string): FlowOrigin | undefined {
    return this.byUpstream.get(source.replace(/^::ffff:/, ''));
  }
}
