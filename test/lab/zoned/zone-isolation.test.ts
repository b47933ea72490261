import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { loadTlsTrust } from '../../../pki/tls/tls-material.ts';
import { callApi } from '../../gateway/api/api-client.ts';
import { reach, spareAddress, startZonedLab } from './zoned-lab.ts';

/**
 * SP 1800-8 Vol B 4.2 in the embedded lab: every component on its own address in its zone, taking
 * connections from its own zone only, so that zones meet at the gateway and nowhere else.
 */
describe('the zoned embedded lab', () => {
  let lab: EmbeddedLab;

  beforeAll(async () => {
    lab = await startZonedLab('zone-isolation');
  });

  afterAll(() => lab?.close());

  /** Where each service really listens, from the lab's description. */
  const realEndpoints = () => {
    const { description } = lab;
    return {
      mqtt: { host: description.mqtt.host, port: description.mqtt.port },
      rest: { host: description.rest.host, port: description.rest.port },
      hl7: { host: description.hl7.host, port: description.hl7.port },
      'ehr-hl7': { host: description.ehr.hl7.host, port: description.ehr.hl7.port },
      'ehr-rest': { host: description.ehr.rest.host, port: description.ehr.rest.port },
    } as Record<string, { host: string; port: number }>;
  };

  it('refuses every direct connection from another zone, for every pair of zones, and takes its own', async () => {
    const { topology } = lab.network;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [service, endpoint] of Object.entries(realEndpoints())) {
      const serviceZone = topology.service(service)?.zone;
      for (const zone of topology.zones) {
        const outcome = await reach(endpoint, spareAddress(zone.gateway), false);
        outcomes.push(`${zone.name} -> ${service}: ${outcome}`);
        expected.push(`${zone.name} -> ${service}: ${zone.name === serviceZone ? 'answered' : 'refused'}`);
      }
    }
    expect(outcomes).toEqual(expected);
    // Every zone was tried against every service's own address: 7 zones × 5 services.
    expect(outcomes).toHaveLength(topology.zones.length * 5);
  });

  it('reaches each service through the gateway exactly as the segmented policy says, and logs each decision', async () => {
    const gateway = lab.network.gateway!;
    const { topology } = lab.network;
    const policy = readPolicyFile(shippedPolicyPath('segmented'), topology);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const endpoint of lab.description.network.gateway ?? []) {
      for (const zone of topology.zones) {
        if (zone.name === endpoint.zone) continue;
        const from = spareAddress(zone.gateway, 201);
        const outcome = await reach(endpoint, from, endpoint.service === 'pump-maintenance');
        const verdict = policy.decide({
          fromAddress: from,
          toZone: endpoint.zone,
          service: endpoint.service,
        });
        outcomes.push(`${zone.name} -> ${endpoint.service}: ${outcome}`);
        expected.push(
          `${zone.name} -> ${endpoint.service}: ${verdict.verdict === 'allow' ? 'answered' : 'refused'}`,
        );
        const logged = gateway.decisions.query({ fromZone: zone.name, limit: 1 })[0];
        expect(logged).toMatchObject({
          fromAddress: from,
          service: endpoint.service,
          verdict: verdict.verdict,
        });
      }
    }
    expect(outcomes).toEqual(expected);
    expect(outcomes.filter((line) => line.endsWith('answered')).length).toBeGreaterThan(0);
  });

  it('runs the clinical workflow through the gateway: the seeded infusions started and pumps report', () => {
    expect(lab.description.network.policy).toBe('segmented');
    // A nurse's check may stop an order (an allergy); no infusion may fail for want of the network.
    expect(lab.infusions.filter((infusion) => infusion.outcome === 'failed')).toEqual([]);
    expect(lab.description.infusing).toBeGreaterThanOrEqual(1);
    expect(lab.server.inventory.list({ online: true }).items).toHaveLength(4);
    const allowed = lab.network.gateway!.decisions.query({ verdict: 'allow', limit: 10_000 });
    const flows = new Set(allowed.map((decision) => `${decision.fromZone} -> ${decision.service}`));
    for (const flow of ['pump-network -> mqtt', 'clinical-systems -> hl7', 'clinical-servers -> ehr-hl7']) {
      expect(flows).toContain(flow);
    }
  });

  it("serves the gateway's API to the lab host only: no zone's component can read the logs or switch the policy", async () => {
    const api = lab.description.network.api!;
    const ca = loadTlsTrust(lab.description.stateDir).ca;
    const fromHost = await callApi(api.url, ca, 'GET', `${new URL(api.url).pathname}/policy`);
    expect(fromHost.status).toBe(200);
    expect(fromHost.json()).toMatchObject({ name: 'segmented' });
    const { host, port } = new URL(api.url);
    for (const zone of lab.network.topology.zones) {
      expect(await reach({ host, port: Number(port) }, spareAddress(zone.gateway, 202), false)).toBe(
        'refused',
      );
    }
  });
});
