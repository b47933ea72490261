import { readInputText } from '../../core/input-file.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLocatedYaml, throwProblems } from '../yaml/located-yaml.ts';
import { parseRange, plainIpv4, rangeContains, type Ipv4Range } from './ipv4-range.ts';
import { topologyProblems } from './topology-checks.ts';
import {
  topologyFileSchema,
  type ComponentSpec,
  type ServiceSpec,
  type ZoneSpec,
} from './topology-schema.ts';

/** The zone name of an address that lies in no zone: always denied. */
export const unknownZone = 'unknown';

/** A zone with its parsed range. */
export interface Zone extends ZoneSpec {
  addresses: Ipv4Range;
}

/** A service with where it really runs: its component's zone and address. */
export interface Service extends ServiceSpec {
  zone: string;
  address: string;
}

/** A validated lab topology: zones, components and services, and the address → zone mapping. */
export interface Topology {
  zones: readonly Zone[];
  components: readonly ComponentSpec[];
  services: readonly Service[];
  /** The zone whose range holds `address` (IPv4-mapped IPv6 accepted), or 'unknown'. */
  zoneOf(address: string | undefined): string;
  /** The zone named `name`, if any. */
  zone(name: string): Zone | undefined;
  /** The service named `name`, if any. */
  service(name: string): Service | undefined;
}

/** The topology the lab ships: the seven zones of SP 1800-8's segmented hospital network. */
export const defaultTopologyPath = fileURLToPath(new URL('./default-topology.yaml', import.meta.url));

/**
 * Parses and validates a topology file. Every problem (YAML syntax, schema, unknown zone or
 * component, address outside its zone, overlapping ranges) is reported with its line and column.
 *
 * @example const topology = parseTopology(text, 'topology.yaml'); topology.zoneOf('127.10.0.5') // 'pump-network'
 * @throws PumplabError GATEWAY_TOPOLOGY_INVALID with `details.problems`
 */
export function parseTopology(text: string, file = 'topology.yaml'): Topology {
  const source = parseLocatedYaml(text, file, topologyFileSchema, 'GATEWAY_TOPOLOGY_INVALID', 'topology');
  throwProblems('GATEWAY_TOPOLOGY_INVALID', 'topology', topologyProblems(source.data, source.problemAt));
  const spec = source.data;
  const zones: Zone[] = spec.zones.map((zone) => ({
    ...zone,
    addresses: parseRange(zone.range) as Ipv4Range,
  }));
  const components = new Map(spec.components.map((component) => [component.name, component]));
  const services: Service[] = spec.services.map((service) => {
    const component = components.get(service.component) as ComponentSpec;
    return { ...service, zone: component.zone, address: component.address };
  });
  const zonesByName = new Map(zones.map((zone) => [zone.name, zone]));
  const servicesByName = new Map(services.map((service) => [service.name, service]));
  return {
    zones,
    components: spec.components,
    services,
    zoneOf: (address) => {
      const plain = plainIpv4(address);
      const zone = plain === undefined ? undefined : zones.find((z) => rangeContains(z.addresses, plain));
      return zone?.name ?? unknownZone;
    },
    zone: (name) => zonesByName.get(name),
    service: (name) => servicesByName.get(name),
  };
}

/** Reads and parses a topology file; errors name the file by its base name. */
export function readTopologyFile(filePath: string = defaultTopologyPath): Topology {
  const text = readInputText(filePath, 'topology');
  return parseTopology(text, path.basename(filePath));
}
