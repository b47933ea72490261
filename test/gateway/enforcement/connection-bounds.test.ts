import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { clientAddress, listenOn, probe, probeOnce, startEchoServices } from './echo-lab.ts';

const topology = readTopologyFile();
const limit = 4;

/** Resolves when `socket` closes. */
const closed = (socket: net.Socket): Promise<void> =>
  new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

describe('the gateway under floods and half-open connections', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    const upstreams = await startEchoServices(topology);
    // A service that never answers and never closes: a half-open peer.
    const silent = net.createServer({ allowHalfOpen: true }, (socket) => socket.on('error', () => undefined));
    upstreams['ehr-rest'] = await listenOn(silent, topology.service('ehr-rest')?.address ?? '127.0.0.1');
    gateway = await startGateway({
      topology,
      policy: readPolicyFile(shippedPolicyPath('flat'), topology),
      listenPorts: 'ephemeral',
      upstreams,
      limits: { maxConnectionsPerSource: limit, idleTimeoutMs: 400, halfOpenTimeoutMs: 200 },
    });
  });
  afterAll(() => gateway.close());

  it('bounds a flood from one source while other sources still get through', async () => {
    const flooder = clientAddress(topology, 'enterprise');
    const flood = Array.from({ length: 30 }, () => probe(gateway.endpoint('rest'), flooder));
    const outcomes = await Promise.all(flood.map((attempt) => attempt.outcome));
    expect(outcomes.filter((outcome) => outcome === 'echo')).toHaveLength(limit);
    expect(await probeOnce(gateway.endpoint('rest'), clientAddress(topology, 'biomed'))).toBe('echo');
    const refused = gateway.decisions.query({ verdict: 'deny', fromZone: 'enterprise', limit: 100 });
    expect(refused).toHaveLength(30 - limit);
    expect(refused.every((decision) => decision.rule.policy === 'gateway')).toBe(true);
    await Promise.all(flood.map(({ socket }) => (socket.destroy(), closed(socket))));
  });

  it('gives a source its slots back when its connections close', async () => {
    const flooder = clientAddress(topology, 'enterprise');
    let outcome = await probeOnce(gateway.endpoint('rest'), flooder);
    // The gateway sees the closes a moment after the client: retry briefly, not on a timer assertion.
    for (let tries = 0; outcome !== 'echo' && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      outcome = await probeOnce(gateway.endpoint('rest'), flooder);
    }
    expect(outcome).toBe('echo');
  });

  it('closes a connection that stays idle', async () => {
    const socket = net.connect({
      ...gateway.endpoint('ehr-rest'),
      localAddress: clientAddress(topology, 'outside'),
    });
    socket.on('error', () => undefined);
    await closed(socket);
  });

  it('closes a connection left half-open by the service', async () => {
    const socket = net.connect({
      ...gateway.endpoint('ehr-rest'),
      localAddress: clientAddress(topology, 'outside'),
      allowHalfOpen: true,
    });
    socket.on('error', () => undefined);
    socket.on('connect', () => socket.end('bye'));
    await closed(socket);
  });
});
