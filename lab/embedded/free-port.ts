import { once } from 'node:events';
import net from 'node:net';

/**
 * A port free on `host` now: the kernel picks one for a throw-away listener, which is closed at once.
 * The embedded lab needs it where two servers must each know the other's port before they start
 * (the pump server sends PCD-01 to the EHR, the EHR sends ADT to the pump server). Another process
 * could take the port in between; the start then fails with LAB_PORT_IN_USE and can be run again.
 * @example const port = requested === 0 ? await freePort('127.0.0.1') : requested;
 */
export async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}
