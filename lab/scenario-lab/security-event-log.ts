import type { Gateway } from '../../gateway/enforcement/gateway.ts';
import { securityOrigins, type ServerSecurityEvent } from '../../gateway/monitor/observations.ts';
import { sourcePlace } from '../../gateway/monitor/source-resolution.ts';
import type { Topology } from '../../gateway/topology/topology.ts';
import type { UnreachableFlow } from '../../gateway/enforcement/unreachable-flows.ts';
import type { SecurityEventView } from '../../scenarios/engine/lab-under-test.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';

/** One server's feed of security events: what it kept so far, and the events to come. */
export interface SecurityFeed {
  /** `pump-server-broker`, `pump-server-hl7` or `ehr-hl7` (gateway/monitor/observations.ts). */
  origin: string;
  recent(): ServerSecurityEvent[];
  /** Calls `listener` on every new event; returns the function that stops it. */
  subscribe(listener: (event: ServerSecurityEvent) => void): () => void;
}

/**
 * Every refusal of the broker and both HL7 listeners during a run, each with the address of the
 * client that really caused it. A server behind the gateway sees the gateway's address; the source
 * is traced back through the gateway's flow table when the event arrives, as the monitor does.
 */
export class SecurityEventLog {
  private readonly events: SecurityEventView[] = [];
  private readonly stops: (() => void)[] = [];

  constructor(
    feeds: readonly SecurityFeed[],
    private readonly network: { topology: Topology; gateway: Gateway | undefined },
  ) {
    for (const feed of feeds) {
      for (const event of feed.recent()) this.events.push(this.view(feed.origin, event));
      this.stops.push(feed.subscribe((event) => this.events.push(this.view(feed.origin, event))));
    }
    // The gateway allowed a flow and nothing answered behind it: the destination refused.
    const unreachable = network.gateway?.unreachable;
    if (unreachable)
      this.stops.push(unreachable.subscribe((flow) => this.events.push(unreachableView(flow))));
  }

  /** Every event so far, in the order they arrived. */
  list(): SecurityEventView[] {
    return this.events.map((event) => ({ ...event }));
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private view(origin: string, event: ServerSecurityEvent): SecurityEventView {
    const { gateway, topology } = this.network;
    const resolve = (source: string) => {
      const flow = gateway?.flows.originOf(source);
      return flow && { address: flow.fromAddress, zone: flow.fromZone };
    };
    return {
      at: Date.parse(event.at),
      origin,
      kind: event.kind,
      code: event.code ?? '',
      address: sourcePlace(event.source, topology, resolve).address,
      detail: event.detail,
    };
  }
}

/** A server's event emitter with its kept events (the broker's SecurityEvents, MllpSecurityEvents). */
interface SecurityEmitter {
  recent(): ServerSecurityEvent[];
  on(name: 'event', listener: (event: ServerSecurityEvent) => void): unknown;
  off(name: 'event', listener: (event: ServerSecurityEvent) => void): unknown;
}

/** The broker's and both HL7 listeners' security events, under the monitor's origin names. */
export function serverSecurityFeeds(server: PumpServer, ehr: Ehr): SecurityFeed[] {
  const feed = (origin: string, emitter: SecurityEmitter | undefined): SecurityFeed[] =>
    emitter
      ? [
          {
            origin,
            recent: () => emitter.recent(),
            subscribe: (listener) => {
              emitter.on('event', listener);
              return () => emitter.off('event', listener);
            },
          },
        ]
      : [];
  return [
    ...feed(securityOrigins.broker, server.securityEvents),
    ...feed(securityOrigins.pumpServerHl7, server.hl7?.securityEvents),
    ...feed(securityOrigins.ehrHl7, ehr.hl7SecurityEvents),
  ];
}

/** An allowed flow the service behind the gateway refused, as a security event of the gateway. */
const unreachableView = (flow: UnreachableFlow): SecurityEventView => ({
  at: flow.at,
  origin: 'gateway',
  kind: 'service-unreachable',
  code: 'GATEWAY_SERVICE_UNREACHABLE',
  address: flow.fromAddress,
  detail: `${flow.service} in ${flow.toZone} did not answer behind the gateway (${flow.reason})`,
});
