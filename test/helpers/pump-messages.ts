import type {
  EventMessage,
  EventType,
  Infusion,
  StatusMessage,
} from '../../simulators/contract/pump-messages.ts';

/** A fixed boot id: tests choose their own when they mean a new boot. */
export const testBoot = '0000abcd';
const start = Date.parse('2025-03-01T08:00:00.000Z');

/** `sentAt` of the seq-th message: one second apart, so later seqs are later reports. */
export const sentAt = (seq: number): string => new Date(start + seq * 1000).toISOString();

/** An infusion the pump runs, with `volumeInfused` mL delivered so far. */
export function infusion(volumeInfused = 0, overrides: Partial<Infusion> = {}): Infusion {
  return {
    infusionId: 'INF-1',
    patientId: 'MRN-1001',
    drugId: 'heparin',
    drugName: 'Heparin',
    concentration: { amount: 100, unit: 'units/mL' },
    rate: 12,
    vtbi: 250,
    volumeInfused,
    ...overrides,
  };
}

/** A valid status message of pump `serial`. */
export function statusMessage(
  serial: string,
  seq: number,
  overrides: Partial<StatusMessage> = {},
): StatusMessage {
  return {
    serial,
    boot: testBoot,
    seq,
    sentAt: sentAt(seq),
    model: 'LabPump 3000',
    firmware: '2.1.0',
    libraryVersion: '2025.1',
    careArea: 'icu',
    state: 'standby',
    alarms: [],
    batteryPercent: 90,
    infusion: null,
    ...overrides,
  };
}

/** A valid event message of pump `serial`. */
export function eventMessage(
  serial: string,
  seq: number,
  type: EventType = 'infusion-started',
  overrides: Partial<EventMessage> = {},
): EventMessage {
  return {
    serial,
    boot: testBoot,
    seq,
    sentAt: sentAt(seq),
    type,
    state: 'infusing',
    infusion: infusion(seq / 10),
    ...overrides,
  };
}

/** JSON bytes of a message, as a pump publishes it. */
export const payload = (message: object): Buffer => Buffer.from(JSON.stringify(message));
