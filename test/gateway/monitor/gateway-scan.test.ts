import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { startMonitor, type Monitor } from '../../../gateway/monitor/monitor.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { clientAddress, probeOnce, startEchoServices, type Outcome } from '../enforcement/echo-lab.ts';

const topology = readTopologyFile();
const policies = {
  flat: readPolicyFile(shippedPolicyPath('flat'), topology),
  segmented: readPolicyFile(shippedPolicyPath('segmented'), topology),
};
const laptop = clientAddress(topology, 'enterprise');

describe('the monitor watching a real gateway: a laptop in the enterprise zone scans every service', () => {
  const clock = new ManualClock(1_700_000_000_000);
  let gateway: Gateway;

  beforeAll(async () => {
    const upstreams = await startEchoServices(topology);
    gateway = await startGateway({
      topology,
      policy: policies.flat,
      clock,
      listenPorts: 'ephemeral',
      upstreams,
    });
  });
  afterAll(() => gateway.close());

  /** Switches policy and starts a fresh monitor on the gateway's decisions, past any earlier window. */
  function watchUnder(policy: 'flat' | 'segmented'): Monitor {
    gateway.setPolicy(policies[policy]);
    clock.advance(120_000);
    const monitor = startMonitor({ topology, decisions: gateway.decisions, clock });
    onTestFinished(() => monitor.close());
    return monitor;
  }

  /** Probes each service in turn from the laptop, a lab second apart. */
  async function scanUnder(
    policy: 'flat' | 'segmented',
  ): Promise<{ monitor: Monitor; seen: Map<string, Outcome> }> {
    const monitor = watchUnder(policy);
    const seen = new Map<string, Outcome>();
    for (const service of topology.services) {
      seen.set(service.name, await probeOnce(gateway.endpoint(service.name), laptop));
      clock.advance(1_000);
    }
    return { monitor, seen };
  }

  it('under the flat policy reaches the pumps’ maintenance service, and raises a medium scan alert', async () => {
    const { monitor, seen } = await scanUnder('flat');
    expect(seen.get('pump-maintenance')).toBe('echo');
    const [scan, ...more] = monitor.alerts.query({ kind: 'port-scan' });
    expect(more).toEqual([]);
    expect(scan).toMatchObject({ severity: 'medium', source: { address: laptop, zone: 'enterprise' } });
    expect(scan?.evidence.length).toBeGreaterThanOrEqual(3);
    expect(scan?.evidence.every((item) => item.origin === 'gateway' && item.summary.includes('allow'))).toBe(
      true,
    );
    // The laptop also got through to the pump server's HL7 listener: orders could come from it.
    expect(monitor.alerts.query({ kind: 'unexpected-hl7-source' })[0]).toMatchObject({ severity: 'high' });
  });

  it('under the segmented policy is refused the maintenance service, and raises a high scan alert', async () => {
    const { monitor, seen } = await scanUnder('segmented');
    expect(seen.get('pump-maintenance')).toBe('refused');
    expect([...seen.values()].every((outcome) => outcome === 'refused')).toBe(true);
    const [scan, ...more] = monitor.alerts.query({ kind: 'port-scan' });
    expect(more).toEqual([]);
    expect(scan).toMatchObject({ severity: 'high', source: { address: laptop, zone: 'enterprise' } });
    expect(scan?.evidence.every((item) => item.summary.includes('deny by segmented'))).toBe(true);
    expect(monitor.alerts.query({ kind: 'unexpected-hl7-source' })).toEqual([]);
  });

  it('raises the alert while the scan is under way, on the third service', async () => {
    const monitor = watchUnder('segmented');
    const alertsAfterEach: number[] = [];
    for (const service of topology.services.slice(0, 3)) {
      await probeOnce(gateway.endpoint(service.name), laptop);
      alertsAfterEach.push(monitor.alerts.query({ kind: 'port-scan' }).length);
    }
    expect(alertsAfterEach).toEqual([0, 0, 1]);
  });
});
