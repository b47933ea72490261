import type { Random } from '../../core/random.ts';

/** One pump of a ward, as the fleet will build it. */
export interface PlannedPump {
  serial: string;
  /** The name of its device identity in the lab PKI. */
  identityName: string;
  model: string;
  firmware: string;
  careArea: string;
  mac: string;
}

export interface FleetPlanOptions {
  count: number;
  /** 1-based index of the first pump; a shard of a large fleet starts further on. */
  firstIndex?: number;
  /** Firmware versions with weights, e.g. { '2.4.0': 3, '4.2.1': 1 }; default all on 4.2.1. */
  firmwareMix?: Record<string, number>;
  careAreas?: readonly string[];
  random: Random;
}

/** The lab's fictional large-volume pump model (not an imitation of any vendor's). */
export const pumpModel = 'pumplab LVP-500';
export const defaultCareAreas = ['icu', 'med-surg', 'oncology'] as const;

/** The serial of the n-th pump (1-based): `PL00001`. */
export const pumpSerial = (index: number): string => `PL${String(index).padStart(5, '0')}`;

/** The lab PKI name of a pump's device identity: `pump-PL00001`. */
export const deviceIdentityName = (serial: string): string => `pump-${serial}`;

/** A deterministic ward: the same seed gives the same serials, firmware, care areas and MACs. */
export function planFleet(options: FleetPlanOptions): PlannedPump[] {
  const first = options.firstIndex ?? 1;
  const careAreas = options.careAreas ?? defaultCareAreas;
  const pickFirmware = weightedPicker(options.firmwareMix ?? { '4.2.1': 1 }, options.random.fork('firmware'));
  const macs = options.random.fork('mac');
  return Array.from({ length: options.count }, (_, offset) => {
    const serial = pumpSerial(first + offset);
    return {
      serial,
      identityName: deviceIdentityName(serial),
      model: pumpModel,
      firmware: pickFirmware(),
      careArea: careAreas[(first + offset - 1) % careAreas.length] ?? 'med-surg',
      // 02: locally administered unicast (IEEE 802 c.f. RFC 7042 2.1), so never a real vendor's OUI.
      mac: ['02', ...Array.from({ length: 5 }, () => macs.int(0, 255).toString(16).padStart(2, '0'))].join(
        ':',
      ),
    };
  });
}

function weightedPicker(weights: Record<string, number>, random: Random): () => string {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0) throw new RangeError('firmware mix needs at least one positive weight');
  return () => {
    let roll = random.next() * total;
    for (const [version, weight] of entries) {
      roll -= weight;
      if (roll < 0) return version;
    }
    return entries[entries.length - 1]?.[0] ?? '4.2.1';
  };
}
