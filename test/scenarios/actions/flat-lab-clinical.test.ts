import { describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait-for.ts';
import { attackerIn, play, scenarioLab } from './scenario-lab.ts';

/** The clinical interfaces of the flat 2015 hospital: HL7 and the pump server API without client certificates. */
describe('HL7 and REST actions in a flat lab', () => {
  const flat = scenarioLab('actions-clinical');

  it('hl7-order gets a spoofed order onto a free pump, under an order id the EHR never placed', async () => {
    const report = await play(attackerIn(flat.lab, 'clinical-systems'), 'hl7-order', { rateFactor: 1.5 });
    expect(report.status).toBe('done');
    // Pumps of another care area than the patient's refuse first (AR, ERR 207 and PIV 9021).
    const accepted = report.evidence.at(-1);
    expect(accepted).toMatchObject({ channel: 'hl7', code: 'AA' });
    const target = accepted?.target;
    const pump = flat.lab.observe.pumps().find((candidate) => candidate.serial === target);
    const placed = flat.lab.observe.orders().map((order) => order.orderId);
    expect(pump?.infusionId).toMatch(/^ORD[0-9a-f]{10}$/);
    expect(placed).not.toContain(pump?.infusionId);
  });

  it('hl7-forge-observation charts a rate the pump server never sent', async () => {
    const [seen] = flat.lab.observe.orders();
    const report = await play(attackerIn(flat.lab, 'enterprise'), 'hl7-forge-observation', { rate: 3.5 });
    expect(report.status).toBe('done');
    const sent = new Set(flat.lab.observe.sentToEhr());
    const forged = flat.lab.observe
      .chart(seen!.mrn)
      .observations.filter((entry) => !sent.has(entry.controlId));
    expect(forged.map((entry) => entry.rate)).toContain(3.5);
  });

  it('rest-publish-library gets a library with raised limits signed, distributed and installed', async () => {
    const report = await play(attackerIn(flat.lab, 'remote-access'), 'rest-publish-library', {
      raiseLimitsFactor: 10,
    });
    expect(report.status).toBe('done');
    const [published] = flat.lab.observe.releases().libraries;
    expect(published).toBe('1.0.1');
    await waitFor(
      () => flat.lab.observe.pumps().some((pump) => pump.libraryVersion === published),
      'a pump running the tampered library',
      10_000,
    );
  });
});
