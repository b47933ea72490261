import type { YamlPath, YamlProblem } from '../yaml/located-yaml.ts';
import { loopbackRange, parseRange, rangeContains, rangesOverlap, rangeWithin } from './ipv4-range.ts';
import type { TopologyFile } from './topology-schema.ts';

type ProblemAt = (path: YamlPath, message: string) => YamlProblem;

/** Names used twice in one list: each duplicate after the first is a problem. */
function duplicates(list: readonly { name: string }[], key: string, problemAt: ProblemAt): YamlProblem[] {
  const seen = new Set<string>();
  return list.flatMap((item, index) => {
    if (!seen.has(item.name)) return (seen.add(item.name), []);
    return [problemAt([key, index, 'name'], `duplicate ${key.replace(/s$/, '')} '${item.name}'`)];
  });
}

function zoneProblems(file: TopologyFile, problemAt: ProblemAt): YamlProblem[] {
  const problems: YamlProblem[] = [];
  file.zones.forEach((zone, index) => {
    const range = parseRange(zone.range);
    if (!range || !rangeWithin(range, loopbackRange)) {
      problems.push(
        problemAt(['zones', index, 'range'], `range '${zone.range}' is not a CIDR in 127.0.0.0/8`),
      );
      return;
    }
    if (!rangeContains(range, zone.gateway)) {
      problems.push(
        problemAt(['zones', index, 'gateway'], `gateway ${zone.gateway} is outside ${zone.range}`),
      );
    }
    // Zones must not overlap: an address decides its zone, so it must decide exactly one.
    file.zones.slice(0, index).forEach((earlier) => {
      const other = parseRange(earlier.range);
      if (other && rangesOverlap(range, other)) {
        problems.push(problemAt(['zones', index, 'range'], `range overlaps zone '${earlier.name}'`));
      }
    });
  });
  return problems;
}

function componentProblems(file: TopologyFile, problemAt: ProblemAt): YamlProblem[] {
  const zones = new Map(file.zones.map((zone) => [zone.name, zone]));
  return file.components.flatMap((component, index) => {
    const zone = zones.get(component.zone);
    if (!zone) return [problemAt(['components', index, 'zone'], `unknown zone '${component.zone}'`)];
    const range = parseRange(zone.range);
    if (range && !rangeContains(range, component.address)) {
      return [problemAt(['components', index, 'address'], `${component.address} is outside ${zone.range}`)];
    }
    if (component.address === zone.gateway) {
      return [problemAt(['components', index, 'address'], `${component.address} is the gateway's`)];
    }
    return [];
  });
}

function serviceProblems(file: TopologyFile, problemAt: ProblemAt): YamlProblem[] {
  const components = new Map(file.components.map((component) => [component.name, component]));
  const zoneOfPort = new Map<string, string>();
  return file.services.flatMap((service, index) => {
    const component = components.get(service.component);
    if (!component) {
      return [problemAt(['services', index, 'component'], `unknown component '${service.component}'`)];
    }
    // The gateway listens on its zone address at the service's port: one service per port per zone.
    const key = `${component.zone}:${service.port}`;
    const clash = zoneOfPort.get(key);
    if (clash)
      return [problemAt(['services', index, 'port'], `port ${service.port} already used by '${clash}'`)];
    zoneOfPort.set(key, service.name);
    return [];
  });
}

/** Every semantic problem of a schema-valid topology file, each located in the file. */
export function topologyProblems(file: TopologyFile, problemAt: ProblemAt): YamlProblem[] {
  return [
    ...duplicates(file.zones, 'zones', problemAt),
    ...duplicates(file.components, 'components', problemAt),
    ...duplicates(file.services, 'services', problemAt),
    ...zoneProblems(file, problemAt),
    ...componentProblems(file, problemAt),
    ...serviceProblems(file, problemAt),
  ];
}
