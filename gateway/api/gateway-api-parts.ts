import type { AdmissionService } from '../admission/admission-service.ts';
import type { Gateway } from '../enforcement/gateway.ts';
import type { Monitor } from '../monitor/monitor.ts';
import type { Topology } from '../topology/topology.ts';

/**
 * What the gateway API reads and changes: the parts of a zoned lab (lab/network/start-lab-network.ts
 * `LabNetworkParts`), only as far as the API uses them. A lab without a monitor or admission has
 * their routes answer 404.
 */
export interface GatewayApiParts {
  gateway: Pick<Gateway, 'decisions' | 'policy' | 'setPolicy'>;
  topology: Topology;
  monitor?: Pick<Monitor, 'alerts'> | undefined;
  admission?: Pick<AdmissionService, 'log'> | undefined;
}
