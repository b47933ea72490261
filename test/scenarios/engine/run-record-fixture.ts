import { emptyLoot } from '../../../scenarios/actions/loot.ts';
import type { PumpView } from '../../../scenarios/engine/lab-under-test.ts';
import type { LabAfter, LabBefore, PumpSample, RunRecord } from '../../../scenarios/engine/run-record.ts';

/** Lab time the constructed runs start at, ms. */
export const t0 = Date.UTC(2026, 0, 5, 8, 0, 0);
export const minute = 60_000;

/** A pump view: infusing PL00001 at 5 mL/h under order ORD-1 unless told otherwise. */
export function pump(overrides: Partial<PumpView> = {}): PumpView {
  return {
    serial: 'PL00001',
    address: '127.10.0.10',
    careArea: 'med-surg',
    firmware: '2.4.0',
    libraryVersion: '1.0.0',
    state: 'infusing',
    rate: 5,
    volumeInfused: 0,
    infusionId: 'ORD-1',
    alarms: [],
    alarmsRaised: [],
    installs: [],
    connected: true,
    ...overrides,
  };
}

/**
 * A run record as the engine assembles one, built from plain observation data: one ward patient,
 * one order, the pumps given, no samples or logs unless a test adds them. The impact detectors and
 * attribution are pure functions of such a record; constructing it is what the tests are about.
 */
export function runRecord(
  input: {
    before?: Partial<LabBefore>;
    samples?: PumpSample[];
    after?: Partial<LabAfter>;
    attack?: { start: number; end: number };
  } = {},
): RunRecord {
  const before: LabBefore = {
    at: t0,
    pumps: [pump()],
    orders: [{ orderId: 'ORD-1', mrn: 'MRN00001', serial: 'PL00001', drugId: 'heparin', rate: 5 }],
    patients: [{ mrn: 'MRN00001', name: 'Ada Lovelace', careArea: 'med-surg' }],
    inventory: ['PL00001'],
    releases: { libraries: [], firmware: [] },
    ...input.before,
  };
  const after: LabAfter = {
    at: t0 + 20 * minute,
    pumps: before.pumps,
    orders: before.orders,
    inventory: before.inventory,
    releases: before.releases,
    sentToEhr: [],
    charts: new Map(),
    decisions: [],
    admissions: [],
    alerts: [],
    securityEvents: [],
    ...input.after,
  };
  return {
    attacker: { zone: 'enterprise', address: '127.40.0.200' },
    before,
    samples: input.samples ?? [],
    after,
    loot: emptyLoot(),
    windows: [],
    attack: input.attack ?? { start: t0 + minute, end: t0 + 10 * minute },
  };
}
