import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { ShellClient } from '../../simulators/pump/shell-client.ts';
import { reach, startZonedLab } from './zoned-lab.ts';

/**
 * SP 1800-8's opening scenario: a phished laptop in the enterprise zone looks for the pumps. On a
 * flat network it finds a pump's maintenance console and logs in with the factory password; with
 * segmentation the gateway refuses it. Either way the monitor sees the scan.
 */
describe('a laptop in the enterprise zone scanning the hospital', () => {
  let lab: EmbeddedLab;

  beforeAll(async () => {
    // Every pump on legacy firmware, so the first pump keeps its maintenance console.
    lab = await startZonedLab('enterprise-laptop', {}, { '2.4.0': 1 });
  });

  afterAll(() => lab?.close());

  /** Tries every service through the gateway from `laptop`; what answered, by service. */
  const scan = async (laptop: string): Promise<Record<string, string>> => {
    const outcomes: Record<string, string> = {};
    for (const endpoint of lab.description.network.gateway ?? []) {
      outcomes[endpoint.service] = await reach(endpoint, laptop, endpoint.service === 'pump-maintenance');
    }
    return outcomes;
  };

  const scanAlert = (laptop: string) =>
    waitFor(
      () => lab.network.monitor?.alerts.query({ kind: 'port-scan' }).find((a) => a.source.address === laptop),
      `a port-scan alert for ${laptop}`,
    );

  it('is refused every service under the segmented policy, and the monitor raises a high scan alert', async () => {
    const laptop = '127.40.0.10';
    const outcomes = await scan(laptop);
    expect(Object.values(outcomes)).toEqual(Object.values(outcomes).map(() => 'refused'));
    expect(outcomes['pump-maintenance']).toBe('refused');
    const alert = await scanAlert(laptop);
    expect(alert).toMatchObject({ severity: 'high', source: { address: laptop, zone: 'enterprise' } });
    expect(alert.evidence.some((item) => item.origin === 'gateway')).toBe(true);
  });

  it('reaches a pump console under the flat policy and logs in with the factory password; still a scan alert', async () => {
    const { gateway, topology } = lab.network;
    gateway!.setPolicy(readPolicyFile(shippedPolicyPath('flat'), topology));
    const laptop = '127.40.0.11';
    const outcomes = await scan(laptop);
    expect(outcomes['pump-maintenance']).toBe('answered');
    expect(outcomes.rest).toBe('answered');
    const console = lab.description.network.gateway!.find((e) => e.service === 'pump-maintenance')!;
    const shell = await ShellClient.connect({ host: console.host, port: console.port, localAddress: laptop });
    try {
      await shell.waitFor((lines) => lines.includes('OK ready'));
      const reply = await shell.request('login biomed biomed');
      expect(reply, shell.lines.join(' | ')).toContain('OK logged in as biomed');
    } finally {
      shell.socket.destroy();
    }
    const alert = await scanAlert(laptop);
    expect(alert).toMatchObject({ kind: 'port-scan', source: { address: laptop, zone: 'enterprise' } });
    const logged = gateway!.decisions.query({ fromZone: 'enterprise', verdict: 'allow', limit: 100 });
    expect(logged.some((d) => d.service === 'pump-maintenance' && d.rule.policy === 'flat')).toBe(true);
  });

  it("traces the broker's failed TLS handshakes back to the laptop through the gateway's flow table", async () => {
    // Still flat: the laptop reaches the broker, but has no lab certificate to present.
    const laptop = '127.40.0.12';
    const mqtt = lab.description.network.gateway!.find((e) => e.service === 'mqtt')!;
    for (let attempt = 0; attempt < 3; attempt += 1) await reach(mqtt, laptop, false);
    const alert = await waitFor(
      () =>
        lab.network.monitor?.alerts
          .query({ kind: 'repeated-tls-failures' })
          .find((a) => a.source.address === laptop),
      'a repeated-tls-failures alert for the laptop',
    );
    expect(alert).toMatchObject({ severity: 'high', source: { zone: 'enterprise' } });
    expect(alert.evidence.some((item) => item.origin === 'pump-server-broker')).toBe(true);
  });
});
