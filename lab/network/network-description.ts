import type { LabNetworkParts } from './start-lab-network.ts';

/** Where a client reaches one service through the gateway. */
export interface GatewayEndpointDescription {
  service: string;
  zone: string;
  host: string;
  port: number;
}

/** The lab's network, for people and programs: how it is laid out and where the gateway listens. */
export interface NetworkDescription {
  kind: 'zoned' | 'single-host';
  /** The policy the gateway decides by (zoned only). */
  policy?: string;
  /** Where the gateway listens for each service (zoned only). */
  gateway?: GatewayEndpointDescription[];
  /** Where pumps ask to be admitted, when admission is on. */
  admission?: { host: string; port: number };
  /** The gateway's REST API and live event stream on the lab host (zoned only). */
  api?: { url: string; openapi: string; stream: string };
  /** Each component's own address (zoned only). */
  components?: { name: string; zone: string; address: string }[];
}

export function describeNetwork(parts: LabNetworkParts): NetworkDescription {
  const { gateway, topology, admissionEndpoint: admission } = parts;
  if (!gateway) return { kind: 'single-host' };
  return {
    kind: 'zoned',
    policy: gateway.policy.name,
    gateway: topology.services.map((service) => ({
      service: service.name,
      zone: service.zone,
      ...gateway.endpoint(service.name),
    })),
    ...(admission ? { admission } : {}),
    ...(parts.api
      ? {
          api: {
            url: `${parts.api.url}/api/v1`,
            openapi: `${parts.api.url}/api/v1/openapi.json`,
            stream: `${parts.api.url}/api/v1/events/stream`,
          },
        }
      : {}),
    components: topology.components.map(({ name, zone, address }) => ({ name, zone, address })),
  };
}
