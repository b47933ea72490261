import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import type { LabSettings } from '../../../scenarios/controls/lab-settings.ts';
import type { Endpoint, LabUnderTest } from '../../../scenarios/engine/lab-under-test.ts';
import { everyControl, noControls } from './scenario-labs.ts';

/** Resolves true when something accepts a TCP connection at `endpoint` from the lab host. */
const accepts = (endpoint: Endpoint): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port, localAddress: endpoint.host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe.each([
  ['no control (flat-2015)', noControls],
  ['every control (sp1800-8)', everyControl],
])('a scenario lab under %s', (_name: string, settings: LabSettings) => {
  let lab: LabUnderTest;

  beforeAll(async () => {
    lab = await launchEmbeddedLab(settings, 'scenario-lab');
  });

  afterAll(() => lab?.close());

  it('starts with the settings it was given, on free ports', () => {
    expect(lab.settings).toEqual(settings);
    const broker = lab.reach('clinical-servers', 'mqtt');
    expect(broker).toMatchObject({ host: '127.20.0.10', servername: 'pump-server' });
    expect(broker?.port).not.toBe(8883);
  });

  it('shows the seeded ward: each order runs on its pump at the ordered rate', () => {
    const orders = lab.observe.orders();
    const pumps = lab.observe.pumps();
    expect(orders).toHaveLength(3); // half the scenario ward infuses
    expect(pumps).toHaveLength(6);
    for (const order of orders) {
      const pump = pumps.find((candidate) => candidate.serial === order.serial);
      expect(pump).toMatchObject({
        infusionId: order.orderId,
        rate: order.rate,
        state: 'infusing',
        connected: true,
      });
      expect(lab.observe.patients().map((patient) => patient.mrn)).toContain(order.mrn);
    }
    expect(lab.observe.inventory().sort()).toEqual(pumps.map((pump) => pump.serial).sort());
  });

  it('counts every report charted for the seeded patients as sent by the pump server', () => {
    const sent = new Set(lab.observe.sentToEhr());
    for (const order of lab.observe.orders()) {
      const chart = lab.observe.chart(order.mrn);
      expect(chart.observations.some((entry) => entry.serial === order.serial)).toBe(true);
      for (const entry of chart.observations) expect(sent.has(entry.controlId)).toBe(true);
    }
  });

  it('refuses addresses outside the lab, and takes its zones and the lab host', () => {
    expect(lab.inLab('10.0.0.1')).toBe(false);
    expect(lab.inLab('192.168.1.1')).toBe(false);
    expect(lab.inLab('localhost')).toBe(false);
    expect(lab.inLab('127.40.0.200')).toBe(true);
    expect(lab.inLab('::ffff:127.10.0.11')).toBe(true);
    expect(lab.inLab('127.0.0.1')).toBe(true);
    expect(lab.spareAddress('enterprise')).toBe('127.40.0.200');
  });

  it('lists every pump’s console port, which answers only on firmware that keeps a console', async () => {
    const pumps = lab.observe.pumps();
    const consoles = lab.pumpConsoles('pump-network');
    expect(consoles.map((endpoint) => endpoint.host).sort()).toEqual(
      pumps.map((pump) => pump.address).sort(),
    );
    for (const pump of pumps) {
      const endpoint = consoles.find((console) => console.host === pump.address)!;
      const answer = await dialFrom(endpoint, lab.spareAddress('pump-network'));
      // A pump is dialled from the pump network; with admission on, an unadmitted device is reset.
      const expected =
        pump.firmware === '4.2.1' ? 'ECONNREFUSED' : lab.settings.admission ? 'ECONNRESET' : 'banner';
      expect(answer, pump.serial).toBe(expected);
    }
    expect(lab.pumpConsoles('biomed')).toHaveLength(1);
  });

  it('still gives a new order through the clinical workflow after an hour of lab time', async () => {
    const before = lab.now();
    await lab.wait(60 * 60_000);
    expect(lab.now() - before).toBeGreaterThanOrEqual(60 * 60_000);
    const check = await lab.checkWorkflow();
    expect(check.steps.map((step) => step.step)).toEqual([
      'choose-pump',
      'administer',
      'pump-started',
      'charted',
    ]);
    expect(check, JSON.stringify(check.steps)).toMatchObject({ ok: true });
    const patients = lab.observe.patients();
    for (const step of check.steps) {
      for (const patient of patients) expect(step.detail).not.toContain(patient.name);
    }
  });

  it('closes: the services it gave stop answering', async () => {
    const broker = lab.reach('clinical-servers', 'mqtt');
    expect(broker && (await accepts(broker))).toBe(true);
    await lab.close();
    expect(broker && (await accepts(broker))).toBe(false);
  });
});

/** What dialling a console from `localAddress` gives: its banner, or the error code of the refusal. */
function dialFrom(endpoint: { host: string; port: number }, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ ...endpoint, localAddress });
    const settle = (outcome: string): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('data', () => settle('banner'));
    socket.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'));
    socket.setTimeout(5_000, () => settle('timeout'));
  });
}
