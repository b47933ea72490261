import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { rateLimitRuleName } from '../../../gateway/enforcement/connection-rate.ts';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { clientAddress, probeOnce, startEchoServices } from './echo-lab.ts';

const topology = readTopologyFile();
const policy = readPolicyFile(shippedPolicyPath('flat'), topology);
const upstreams = await startEchoServices(topology);
const rate = { connections: 3, windowMs: 10_000 };

let clock = new ManualClock(1_000_000);
let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A gateway on free ports, on a lab clock that moves only when told. */
async function start(limits: Parameters<typeof startGateway>[0]['limits']): Promise<Gateway> {
  gateway = await startGateway({ topology, policy, listenPorts: 'ephemeral', upstreams, limits, clock });
  return gateway;
}

describe("the gateway's connection rate limit", () => {
  it('refuses a source opening connections faster than its rate, and logs the refusal as the rate limit', async () => {
    clock = new ManualClock(1_000_000);
    const started = await start({ connectionRate: rate });
    const flooder = clientAddress(topology, 'enterprise');
    const outcomes = [];
    // One after another, each closed before the next: the open-connection bound never bites.
    for (let i = 0; i < 6; i += 1) outcomes.push(await probeOnce(started.endpoint('rest'), flooder));
    expect(outcomes).toEqual(['echo', 'echo', 'echo', 'refused', 'refused', 'refused']);
    const denied = started.decisions.query({ verdict: 'deny', fromZone: 'enterprise' });
    expect(denied).toHaveLength(3);
    for (const decision of denied) {
      expect(decision.rule.policy).toBe(rateLimitRuleName);
      expect(decision.fromAddress).toBe(flooder);
    }
  });

  it('limits each source on its own', async () => {
    clock = new ManualClock(1_000_000);
    const started = await start({ connectionRate: rate });
    const flooder = clientAddress(topology, 'enterprise');
    for (let i = 0; i < 4; i += 1) await probeOnce(started.endpoint('rest'), flooder);
    expect(await probeOnce(started.endpoint('rest'), clientAddress(topology, 'biomed'))).toBe('echo');
  });

  it('lets a source through again once the window of lab time has passed', async () => {
    clock = new ManualClock(1_000_000);
    const started = await start({ connectionRate: rate });
    const source = clientAddress(topology, 'enterprise');
    for (let i = 0; i < 3; i += 1) await probeOnce(started.endpoint('rest'), source);
    expect(await probeOnce(started.endpoint('rest'), source)).toBe('refused');
    clock.advance(rate.windowMs + 1);
    expect(await probeOnce(started.endpoint('rest'), source)).toBe('echo');
  });

  it('is off by default', async () => {
    clock = new ManualClock(1_000_000);
    const started = await start({});
    const source = clientAddress(topology, 'enterprise');
    const outcomes = [];
    for (let i = 0; i < 30; i += 1) outcomes.push(await probeOnce(started.endpoint('rest'), source));
    expect(outcomes.every((outcome) => outcome === 'echo')).toBe(true);
    expect(started.decisions.query({ verdict: 'deny' })).toHaveLength(0);
  });
});
