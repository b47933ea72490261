import type { AcceptFrom } from '../../simulators/net/source-guard.ts';

/** The lab's components, by their names in the topology file. */
export type LabComponent = 'pump' | 'pump-server' | 'ehr' | 'poc-workstation';

/** Where a component binds its listeners, and whom they take connections from. */
export interface Binding {
  host: string;
  acceptFrom?: AcceptFrom;
}

/** How a client reaches a service: where to connect, the name its certificate carries, the address to speak from. */
export interface Reach {
  host: string;
  port: number;
  servername: string;
  localAddress?: string;
}

/**
 * The network the embedded lab's components live on: either every component on one host (a
 * container, `--host`), or each on its own loopback address in its zone, joined by the gateway.
 * The lab asks it where to bind and how to reach a peer, and never decides either itself.
 */
export interface LabNetwork {
  readonly kind: 'zoned' | 'single-host';
  bindingOf(component: LabComponent): Binding;
  /** The address the n-th pump (1-based) speaks from, when pumps have their own. */
  pumpAddress(index: number): string | undefined;
  /**
   * Records the port a service really bound (a lab on free ports learns them as it starts), and
   * its host when not the topology's component address (a console on whichever pump keeps one).
   */
  serviceBound(service: string, port: number, host?: string): void;
  /** How `from` reaches `service`: directly in its own zone, otherwise through the gateway. */
  reach(from: LabComponent, service: string): Reach;
}

/** Where a client reaches a server bound to `host`: a wildcard bind is reached on loopback. */
export const reachableHost = (host: string): string =>
  host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
