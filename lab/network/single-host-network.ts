import { PumplabError } from '../../core/errors.ts';
import type { Topology } from '../../gateway/topology/topology.ts';
import { reachableHost, type LabNetwork } from './lab-network.ts';

/**
 * Every component on one host, reaching the others directly: a lab inside one container, or on an
 * address a trainer chose (`pumplab up --host`). There is no gateway, so no segmentation either.
 */
export function singleHostNetwork(host: string, topology: Topology): LabNetwork {
  const bound = new Map<string, number>();
  return {
    kind: 'single-host',
    bindingOf: () => ({ host }),
    pumpAddress: () => undefined,
    serviceBound: (service, port) => void bound.set(service, port),
    reach(_from, name) {
      const service = topology.service(name);
      const port = bound.get(name);
      if (!service || port === undefined) {
        throw new PumplabError('INPUT_INVALID', `No service '${name}' is bound in this lab.`, {
          service: name,
        });
      }
      return { host: reachableHost(host), port, servername: service.component };
    },
  };
}
