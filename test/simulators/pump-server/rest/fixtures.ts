import type { DrugLibrary } from '../../../../simulators/contract/drug-library.ts';
import type { StoredEvent } from '../../../../simulators/pump-server/ports.ts';

/** A small valid drug library with two care areas. */
export function libraryFixture(version: string): DrugLibrary {
  const heparin = {
    id: 'heparin',
    name: 'Heparin',
    concentration: { amount: 100, unit: 'units' as const, perMl: 1 as const },
    doseUnit: 'units/h' as const,
    limits: { softMax: 2000, hardMax: 3000 },
  };
  return {
    format: 'pumplab.drug-library/1',
    version,
    issuedAt: '2026-01-01T00:00:00Z',
    careAreas: [
      { id: 'icu', name: 'Intensive care', maxRateMlPerHour: 999, drugs: [heparin] },
      { id: 'med-surg', name: 'Medical-surgical', maxRateMlPerHour: 500, drugs: [heparin] },
    ],
  };
}

/** A stored event of pump `serial`, the `seq`th of its boot. */
export function eventFixture(
  serial: string,
  seq: number,
  type: StoredEvent['type'] = 'infusion-started',
): StoredEvent {
  return {
    id: `${serial}-${seq}`,
    serial,
    boot: '0000abcd',
    seq,
    sentAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, seq, 1)).toISOString(),
    type,
    state: 'infusing',
    infusion: null,
  };
}
