import { isIPv4 } from 'node:net';
import { z } from 'zod';

/** A zone, component or service name: lower-case kebab, as it appears in policies and logs. */
export const labName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes');

const ipv4 = z.string().refine((value) => isIPv4(value), 'not an IPv4 address');

/** One network zone (SP 1800-8 Vol B 4.2: the network is split into zones by role). */
export const zoneSchema = z.strictObject({
  name: labName,
  /** The zone's address block in 127.0.0.0/8, e.g. 127.10.0.0/16. */
  range: z.string(),
  /** The gateway's own address in this zone: where the zone's services are reached. */
  gateway: ipv4,
  /** What the zone holds, for the dashboard. */
  holds: z.string().max(200).optional(),
});

/** One host of the lab: it binds `address`, which must lie in its zone's range. */
export const componentSchema = z.strictObject({
  name: labName,
  zone: labName,
  address: ipv4,
});

/** One service a component offers; the gateway listens for it on its address in that zone. */
export const serviceSchema = z.strictObject({
  name: labName,
  /** The gateway forwards TCP only: MQTT, MLLP and HTTPS all ride on it. */
  protocol: z.literal('tcp'),
  port: z.number().int().min(1).max(65_535),
  component: labName,
  description: z.string().max(200).optional(),
});

/** The lab topology file: zones, the components in them, and the services they offer. */
export const topologyFileSchema = z.strictObject({
  version: z.literal(1),
  zones: z.array(zoneSchema).min(1),
  components: z.array(componentSchema),
  services: z.array(serviceSchema),
});

export type ZoneSpec = z.infer<typeof zoneSchema>;
export type ComponentSpec = z.infer<typeof componentSchema>;
export type ServiceSpec = z.infer<typeof serviceSchema>;
export type TopologyFile = z.infer<typeof topologyFileSchema>;
