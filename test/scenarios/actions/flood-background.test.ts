import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backgroundHoldsEnded, floodSlotsAt } from '../../../scenarios/actions/held-connections.ts';
import { fakeContext } from './fake-lab.ts';
import { codes, play } from './scenario-lab.ts';

/** A TCP service on 127.0.0.1 that counts the connections it took and holds; `maxConnections` caps them. */
async function countingService(maxConnections?: number) {
  const sockets = new Set<net.Socket>();
  let taken = 0;
  const server = net.createServer((socket) => {
    taken += 1;
    sockets.add(socket);
    socket.on('error', () => undefined).once('close', () => sockets.delete(socket));
  });
  if (maxConnections !== undefined) server.maxConnections = maxConnections;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: { host: '127.0.0.1', port },
    held: () => sockets.size,
    taken: () => taken,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Resolves once `condition` holds, polling every 20 ms; throws after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let service: Awaited<ReturnType<typeof countingService>> | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('flood in the background', () => {
  it('returns once the first wave is up, holds it until holdMs has passed, then closes every socket', async () => {
    service = await countingService();
    const context = fakeContext({ endpoints: { echo: service.endpoint } });
    const started = Date.now();
    const report = await play(context, 'flood', {
      service: 'echo',
      connections: 5,
      holdMs: 1_500,
      background: true,
    });
    expect(report.status).toBe('done');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(service.held()).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(service.held()).toBe(5);
    await backgroundHoldsEnded(context);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    await until(() => service?.held() === 0);
  });

  it('holds a full service full: done though most were turned away, and takes a yielded slot back', async () => {
    service = await countingService(3);
    const context = fakeContext({ endpoints: { echo: service.endpoint } });
    const report = await play(context, 'flood', {
      service: 'echo',
      connections: 10,
      holdMs: 1_500,
      background: true,
    });
    expect(report.status).toBe('done');
    expect(codes(report)).toEqual(['ANSWERED', 'CONNECTION_CLOSED']);
    expect(service.taken()).toBe(3);
    const slots = floodSlotsAt(context, service.endpoint);
    expect(slots?.full).toBe(true);
    expect(slots?.yieldOne()).toBe(true);
    await until(() => service?.taken() === 4);
    expect(service.held()).toBe(3);
    await backgroundHoldsEnded(context);
    expect(floodSlotsAt(context, service.endpoint)).toBeUndefined();
    await until(() => service?.held() === 0);
  });

  it('stops holding as soon as the service is gone (the lab closed), long before holdMs', async () => {
    service = await countingService();
    const context = fakeContext({ endpoints: { echo: service.endpoint } });
    await play(context, 'flood', { service: 'echo', connections: 4, holdMs: 600_000, background: true });
    const closedAt = Date.now();
    await service.close();
    service = undefined;
    await backgroundHoldsEnded(context);
    expect(Date.now() - closedAt).toBeLessThan(2_000);
  });

  it('closes a session it was left when it ends', async () => {
    service = await countingService();
    const context = fakeContext({ endpoints: { echo: service.endpoint } });
    await play(context, 'flood', { service: 'echo', connections: 2, holdMs: 500, background: true });
    let closed = false;
    const adopted = floodSlotsAt(context, service.endpoint)?.adopt(async () => {
      closed = true;
    });
    expect(adopted).toBe(true);
    expect(closed).toBe(false);
    await backgroundHoldsEnded(context);
    expect(closed).toBe(true);
  });

  it('holds nothing in the background when every connection was refused', async () => {
    service = await countingService();
    const endpoint = service.endpoint;
    await service.close();
    service = undefined;
    const context = fakeContext({ endpoints: { echo: endpoint } });
    const report = await play(context, 'flood', {
      service: 'echo',
      connections: 3,
      holdMs: 600_000,
      background: true,
    });
    expect(report.status).toBe('blocked');
    expect(codes(report)).toEqual(['ECONNREFUSED']);
    expect(floodSlotsAt(context, endpoint)).toBeUndefined();
    await backgroundHoldsEnded(context);
  });
});
