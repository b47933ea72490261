import net, { type Server, type Socket } from 'node:net';
import { afterAll } from 'vitest';
import type { Topology } from '../../../gateway/topology/topology.ts';
import type { Endpoint } from '../../../gateway/enforcement/gateway.ts';

/** What a client saw: its bytes echoed back (through), or the connection cut (refused). */
export type Outcome = 'echo' | 'refused';

/** A source address in `zone` that no component uses: the gateway's .1 with the last octet .200. */
export function clientAddress(topology: Topology, zone: string): string {
  const gateway = topology.zone(zone)?.gateway ?? '127.0.0.1';
  return gateway.replace(/\.\d+$/, '.200');
}

/** Starts `server` on `host`, port 0, closed after the file's tests. */
export async function listenOn(server: Server, host: string): Promise<Endpoint> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  afterAll(() => new Promise((done) => server.close(done)));
  const address = server.address();
  return { host, port: typeof address === 'object' && address ? address.port : 0 };
}

/** A tiny echo server for every service, on its component's own address: the stand-in services. */
export async function startEchoServices(topology: Topology): Promise<Record<string, Endpoint>> {
  const entries = await Promise.all(
    topology.services.map(async (service) => {
      const server = net.createServer((socket) => {
        socket.on('error', () => socket.destroy());
        socket.pipe(socket);
      });
      return [service.name, await listenOn(server, service.address)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Opens a connection from `localAddress`, sends a probe, and reports whether it came back. */
export function probe(
  endpoint: Endpoint,
  localAddress: string,
): { outcome: Promise<Outcome>; socket: Socket } {
  const socket = net.connect({ ...endpoint, localAddress });
  const outcome = new Promise<Outcome>((resolve) => {
    let received = '';
    socket.on('connect', () => socket.write('ping'));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received === 'ping') resolve('echo');
    });
    socket.on('error', () => resolve('refused'));
    socket.on('close', () => resolve('refused'));
  });
  return { outcome, socket };
}

/** Probes once and closes. */
export async function probeOnce(endpoint: Endpoint, localAddress: string): Promise<Outcome> {
  const { outcome, socket } = probe(endpoint, localAddress);
  const result = await outcome;
  socket.destroy();
  return result;
}
