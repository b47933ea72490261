import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { startMonitor, type MonitorOptions } from '../../../gateway/monitor/monitor.ts';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { clientAddress, listenOn, probeOnce, startEchoServices } from '../enforcement/echo-lab.ts';

const topology = readTopologyFile();
const laptop = clientAddress(topology, 'enterprise');

describe('a server’s event about a flow the gateway forwarded', () => {
  const clock = new ManualClock(1_700_000_000_000);
  /** `address:port` of each connection as the MQTT stand-in saw it: the gateway's side. */
  const seenByServer: string[] = [];
  let gateway: Gateway;

  beforeAll(async () => {
    const broker = net.createServer((socket) => {
      seenByServer.push(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.on('error', () => socket.destroy());
      socket.pipe(socket);
    });
    const upstreams = { ...(await startEchoServices(topology)), mqtt: await listenOn(broker, '127.20.0.10') };
    const policy = readPolicyFile(shippedPolicyPath('flat'), topology);
    gateway = await startGateway({ topology, policy, clock, listenPorts: 'ephemeral', upstreams });
    for (let i = 0; i < 3; i += 1) await probeOnce(gateway.endpoint('mqtt'), laptop);
  });
  afterAll(() => gateway.close());

  /** A monitor fed one TLS failure per connection the server saw. */
  function failuresSeenBy(options: Partial<MonitorOptions>): ReturnType<typeof startMonitor> {
    const monitor = startMonitor({ topology, decisions: gateway.decisions, clock, ...options });
    for (const source of seenByServer)
      monitor.observe(securityOrigins.broker, {
        at: new Date(clock.now()).toISOString(),
        kind: 'tls-failure',
        source,
        detail: 'no certificate',
      });
    monitor.close();
    return monitor;
  }

  it('is traced to the real client through the gateway’s flow table', () => {
    const monitor = failuresSeenBy({
      resolveSource: (source) => {
        const origin = gateway.flows.originOf(source);
        return origin && { address: origin.fromAddress, zone: origin.fromZone };
      },
    });
    expect(seenByServer).toHaveLength(3);
    expect(monitor.alerts.query()[0]).toMatchObject({
      kind: 'repeated-tls-failures',
      source: { address: laptop, zone: 'enterprise' },
    });
  });

  it('is marked as behind the gateway, not blamed on the gateway’s zone, when nobody resolves it', () => {
    const monitor = failuresSeenBy({});
    expect(monitor.alerts.query()[0]?.source).toEqual({ address: '127.20.0.1', zone: 'behind-gateway' });
  });
});
