import { z } from 'zod';
import { defineRoute, type Route } from '../../simulators/http/route.ts';
import { componentSchema, labName, serviceSchema, zoneSchema } from '../topology/topology-schema.ts';
import type { Topology } from '../topology/topology.ts';

/** The lab network as the gateway knows it: zones, the components in them, the services they offer. */
export const topologyViewSchema = z.object({
  zones: z.array(z.object(zoneSchema.shape)),
  components: z.array(z.object(componentSchema.shape)),
  /** Each service with where it runs: its component's zone and address. */
  services: z.array(z.object({ ...serviceSchema.shape, zone: labName, address: z.string() })),
});

/** The topology, for a trainer and the dashboard's network map. */
export function topologyRoute(topology: Topology): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/topology',
    operationId: 'getTopology',
    tag: 'topology',
    summary: 'Zones (address ranges, the gateway’s address in each), components and services',
    responses: [{ status: 200, description: 'The topology', schema: topologyViewSchema }],
    handle: () => ({
      json: { zones: topology.zones, components: topology.components, services: topology.services },
    }),
  });
}
