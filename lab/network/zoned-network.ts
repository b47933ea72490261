import { PumplabError } from '../../core/errors.ts';
import type { Endpoint } from '../../gateway/enforcement/gateway.ts';
import { ipv4ToNumber, numberToIpv4, rangeContains } from '../../gateway/topology/ipv4-range.ts';
import type { Topology } from '../../gateway/topology/topology.ts';
import type { LabComponent, LabNetwork } from './lab-network.ts';

/**
 * Each component on its own loopback address in its zone (the topology file's `components`), its
 * listeners taking connections from its own zone only, as a host firewall would: the gateway
 * reaches them from its address in that zone, so every cross-zone flow passes the gateway's policy.
 * Pumps take consecutive addresses from the `pump` component's.
 */
export function zonedNetwork(
  topology: Topology,
  /** Where the gateway listens for a service; asked only once components start, after the gateway. */
  gatewayEndpoint: (service: string) => Endpoint,
  /** With device admission: whom the pump network carries besides its own zone check (pump-zone-guard.ts). */
  pumpZoneGuard?: (remote: string | undefined) => boolean,
): LabNetwork & { upstream(service: string): { host: string; port: number } | undefined } {
  const bound = new Map<string, { host: string; port: number }>();
  const component = (name: LabComponent) => {
    const found = topology.components.find((candidate) => candidate.name === name);
    if (!found)
      throw new PumplabError('GATEWAY_TOPOLOGY_INVALID', `The topology has no component '${name}'.`);
    return found;
  };
  const pumps = component('pump');
  const pumpZone = topology.zone(pumps.zone);
  const firstPump = ipv4ToNumber(pumps.address) ?? 0;
  const pumpAddress = (index: number): string => {
    const address = numberToIpv4(firstPump + index - 1);
    if (!pumpZone || !rangeContains(pumpZone.addresses, address) || address === pumpZone.gateway) {
      throw new PumplabError('INPUT_INVALID', `Pump ${index} has no address left in ${pumps.zone}.`, {
        index,
      });
    }
    return address;
  };
  return {
    kind: 'zoned',
    upstream: (service) => bound.get(service),
    bindingOf(name) {
      const { address, zone } = component(name);
      const guard = name === 'pump' ? pumpZoneGuard : undefined;
      return {
        host: address,
        acceptFrom: (remote) => topology.zoneOf(remote) === zone && (!guard || guard(remote)),
      };
    },
    pumpAddress,
    serviceBound(service, port, host) {
      const address = host ?? topology.service(service)?.address;
      if (address !== undefined) bound.set(service, { host: address, port });
    },
    reach(from, name) {
      const service = topology.service(name);
      if (!service) throw new PumplabError('INPUT_INVALID', `No service '${name}'.`, { service: name });
      const source = component(from);
      const localAddress = from === 'pump' ? undefined : source.address;
      const speakFrom = localAddress ? { localAddress } : {};
      if (service.zone === source.zone) {
        const at = bound.get(name) ?? { host: service.address, port: service.port };
        return { ...at, servername: service.component, ...speakFrom };
      }
      return { ...gatewayEndpoint(name), servername: service.component, ...speakFrom };
    },
  };
}
