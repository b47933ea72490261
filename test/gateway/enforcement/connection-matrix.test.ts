import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { ManualClock } from '../../../core/clock.ts';
import { clientAddress, probeOnce, startEchoServices } from './echo-lab.ts';

const topology = readTopologyFile();
const flat = readPolicyFile(shippedPolicyPath('flat'), topology);
const segmented = readPolicyFile(shippedPolicyPath('segmented'), topology);

/** The clinical workflow's flows, written out by hand: the only ones segmentation lets through. */
const workflow = new Set([
  'pump-network→mqtt',
  'clinical-systems→hl7',
  'clinical-servers→ehr-hl7',
  'biomed→rest',
  'clinical-systems→ehr-rest',
]);

describe('the gateway connection matrix (each zone to each service)', () => {
  let gateway: Gateway;
  const clock = new ManualClock(1_700_000_000_000);

  beforeAll(async () => {
    const upstreams = await startEchoServices(topology);
    gateway = await startGateway({ topology, policy: flat, clock, listenPorts: 'ephemeral', upstreams });
  });
  afterAll(() => gateway.close());

  const pairs = topology.zones.flatMap((zone) => topology.services.map((service) => ({ zone, service })));

  async function runMatrix(): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    await Promise.all(
      pairs.map(async ({ zone, service }) => {
        const outcome = await probeOnce(gateway.endpoint(service.name), clientAddress(topology, zone.name));
        seen.set(`${zone.name}→${service.name}`, outcome);
      }),
    );
    return seen;
  }

  it('lets every flow through under the flat policy', async () => {
    const seen = await runMatrix();
    expect([...seen.values()].every((outcome) => outcome === 'echo')).toBe(true);
    expect(seen.size).toBe(pairs.length);
  });

  it('lets only the clinical workflow through under the segmented policy, switched live', async () => {
    gateway.setPolicy(segmented);
    clock.advance(1_000);
    const streamed: string[] = [];
    const stop = gateway.decisions.subscribe((decision) => streamed.push(decision.verdict));
    const seen = await runMatrix();
    stop();
    expect(streamed).toHaveLength(pairs.length);
    for (const [flow, outcome] of seen)
      expect([flow, outcome]).toEqual([flow, workflow.has(flow) ? 'echo' : 'refused']);
  });

  it('logs each decision with its source, destination and the rule that decided', () => {
    const decisions = gateway.decisions.query({ since: clock.now(), limit: 1_000 });
    expect(decisions).toHaveLength(pairs.length);
    for (const decision of decisions) {
      const flow = `${decision.fromZone}→${decision.service}`;
      expect(decision.fromAddress).toBe(clientAddress(topology, decision.fromZone));
      expect(decision.toZone).toBe(topology.service(decision.service)?.zone);
      expect(decision.verdict).toBe(workflow.has(flow) ? 'allow' : 'deny');
      expect(decision.rule.policy).toBe('segmented');
      expect(decision.rule.number === null).toBe(!workflow.has(flow));
    }
    expect(
      gateway.decisions.query({ verdict: 'allow', fromZone: 'biomed', since: clock.now(), limit: 10 }),
    ).toHaveLength(1);
  });
});
