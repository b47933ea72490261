import { PumplabError } from '../../core/errors.ts';
import type { Gateway } from '../../gateway/enforcement/gateway.ts';
import { plainIpv4 } from '../../gateway/topology/ipv4-range.ts';
import { unknownZone, type Topology } from '../../gateway/topology/topology.ts';
import type { Endpoint } from '../../scenarios/engine/lab-under-test.ts';
import type { LabComponent, LabNetwork } from '../network/lab-network.ts';
import type { PumpConsolePort } from '../embedded/lab-options.ts';

/** The lab host's own loopback (the trainer's console, the gateway API): in the lab, in no zone. */
const labHost = '127.0.0.1';

/** The last octet of a zone's spare address: far above the components' and the first pumps'. */
const spareOctet = 200;

/** What the addresses come from: the topology, the gateway, the components' bindings, the consoles. */
export interface LabAddressParts {
  topology: Topology;
  gateway: Gateway | undefined;
  network: LabNetwork;
  /** The console port of every pump on the ward, open or closed (a stolen pump's is gone). */
  consoles: () => PumpConsolePort[];
}

/**
 * Where things are in a zoned lab, for a client standing in one of its zones: the services it can
 * dial (directly in its own zone, else through the gateway, as zoned-network.ts `reach` routes the
 * lab's own components), a free address to stand on, and which addresses belong to the lab at all.
 */
export class LabAddresses {
  constructor(private readonly parts: LabAddressParts) {}

  /** The zones' ranges and the lab host; every other address (10.0.0.1, 192.168.1.1) is outside. */
  inLab(address: string): boolean {
    const plain = plainIpv4(address);
    if (plain === undefined) return false;
    return plain === labHost || this.parts.topology.zoneOf(plain) !== unknownZone;
  }

  /** Where a client in `zone` dials `service`; undefined for an unknown zone or service. */
  reach(zone: string, service: string): Endpoint | undefined {
    const { topology, gateway, network } = this.parts;
    const spec = topology.service(service);
    if (!spec || !topology.zone(zone)) return undefined;
    const servername = spec.component;
    if (spec.zone === zone && service === 'pump-maintenance') {
      // In the pump network each pump's own console is dialled; the first pump's stands for them.
      const [first] = this.parts.consoles();
      return first && { host: first.host, port: first.port, servername };
    }
    if (spec.zone === zone) {
      const direct = directReach(network, spec.component, service);
      return direct && { host: direct.host, port: direct.port, servername };
    }
    if (!gateway) return undefined;
    const { host, port } = gateway.endpoint(service);
    return { host, port, servername };
  }

  /** An address of `zone` no component uses: its gateway's address with the last octet 200. */
  spareAddress(zone: string): string {
    const found = this.parts.topology.zone(zone);
    if (!found) throw new PumplabError('INPUT_INVALID', `The lab has no zone '${zone}'.`, { zone });
    return found.gateway.replace(/\.\d+$/, `.${spareOctet}`);
  }

  /** In the pump network every pump's own console; from any other zone the gateway's one. */
  pumpConsoles(zone: string): Endpoint[] {
    const spec = this.parts.topology.service('pump-maintenance');
    if (spec?.zone === zone) {
      return this.parts.consoles().map(({ host, port }) => ({ host, port, servername: spec.component }));
    }
    const through = this.reach(zone, 'pump-maintenance');
    return through ? [through] : [];
  }
}

/** A service of the client's own zone, where its component really bound it. */
function directReach(network: LabNetwork, component: string, service: string) {
  try {
    return network.reach(component as LabComponent, service);
  } catch {
    // A service of a component this lab does not run (a trainer's topology): nothing to dial.
    return undefined;
  }
}
