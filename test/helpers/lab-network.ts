import type { LabDescription } from '../../lab/embedded/lab-description.ts';

/** A component's own address in a zoned lab's description (`poc-workstation`: 127.30.0.20). */
export function addressOf(description: LabDescription, component: string): string {
  const found = description.network.components?.find((candidate) => candidate.name === component);
  if (!found) throw new Error(`the lab has no component ${component}`);
  return found.address;
}

/** Where the gateway listens for `service` in a zoned lab. */
export function gatewayEndpoint(
  description: LabDescription,
  service: string,
): { host: string; port: number } {
  const found = description.network.gateway?.find((candidate) => candidate.service === service);
  if (!found) throw new Error(`the gateway has no service ${service}`);
  return { host: found.host, port: found.port };
}
