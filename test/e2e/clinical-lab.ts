import https from 'node:https';
import { EmbeddedLab } from '../../lab/embedded/embedded-lab.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../pki/tls/tls-material.ts';
import type { Chart } from '../../simulators/ehr/chart.ts';
import type { InfusionOrder } from '../../simulators/ehr/infusion-order.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { addressOf } from '../helpers/lab-network.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** The embedded lab for the clinical tests: six pumps on loopback, free ports, lab time 120x. */
export async function startClinicalLab(seed: string): Promise<{ lab: EmbeddedLab; stateDir: string }> {
  const stateDir = tempDir('pumplab-clinical-');
  ensureLabPki(stateDir, { pumps: 6 });
  const lab = await EmbeddedLab.start({
    stateDir,
    pumps: 6,
    seed,
    clockSpeed: 120,
    ports: { mqtt: 0, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0 },
  });
  return { lab, stateDir };
}

/**
 * Calls the EHR REST API over HTTPS with the point-of-care's lab certificate (mutual TLS), from the
 * workstation's own address: the EHR takes connections from its zone only.
 */
export function ehrRequest<T>(
  lab: EmbeddedLab,
  material: TlsMaterial,
  method: string,
  path: string,
): Promise<{ status: number; body: T }> {
  const { host, port } = lab.description.ehr.rest;
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host,
        port,
        method,
        path,
        localAddress: addressOf(lab.description, 'poc-workstation'),
        servername: 'ehr',
        ca: material.ca,
        key: material.key,
        cert: material.cert,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** The chart of `mrn` as the EHR REST API serves it. */
export const chartOf = async (lab: EmbeddedLab, material: TlsMaterial, mrn: string): Promise<Chart> =>
  (await ehrRequest<Chart>(lab, material, 'GET', `/api/v1/patients/${mrn}/chart`)).body;

export const pocMaterial = (stateDir: string): TlsMaterial => loadTlsMaterial(stateDir, 'poc-1');

/** Whether the library stocks the order's drug in the patient's care area. */
export function onLibrary(careArea: string, drugId: string): boolean {
  const area = sampleDrugLibrary.careAreas.find((candidate) => candidate.id === careArea);
  return area?.drugs.some((drug) => drug.id === drugId) ?? false;
}

/**
 * An active order and a standby pump of its patient's care area, neither seeded, for which `fits`
 * holds (e.g. on the library and no allergy to the drug).
 */
export function orderAndPump(
  lab: EmbeddedLab,
  fits: (order: InfusionOrder, careArea: string) => boolean,
): { order: InfusionOrder; serial: string } {
  const busy = new Set(lab.infusions.map((infusion) => infusion.serial));
  for (const order of lab.ehr.orders({ status: 'active' })) {
    const patient = lab.ehr.patient(order.mrn);
    if (!fits(order, patient.careArea) || patient.allergies.includes(order.drugId)) continue;
    // Standby as the pump server knows it: an earlier test may have programmed one itself.
    const idle = (serial: string): boolean => lab.pumpServer.inventory.get(serial)?.state === 'standby';
    const pump = lab.fleet.plan.find(
      (p) => p.careArea === patient.careArea && !busy.has(p.serial) && idle(p.serial),
    );
    if (pump) return { order, serial: pump.serial };
  }
  throw new Error('the seeded ward has no such order with a free pump');
}

const milligrams: Readonly<Record<string, number>> = { mcg: 0.001, mg: 1, g: 1000, units: 1 };

/** The rate in mL/h an order asks for: a dose rate over the concentration, per kg and per minute. */
export function orderedRate(order: InfusionOrder, weightKg: number): number {
  if (order.dose.kind === 'rate') return order.dose.mlPerHour;
  const [amountUnit = '', ...per] = order.dose.unit.split('/');
  let perHour = order.dose.value * (milligrams[amountUnit] ?? Number.NaN);
  if (per.includes('kg')) perHour *= weightKg;
  if (per.includes('min')) perHour *= 60;
  return perHour / (order.concentration.amount * (milligrams[order.concentration.unit] ?? Number.NaN));
}
