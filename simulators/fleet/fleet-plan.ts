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
  const firmware = stratifiedFirmware(
    options.firmwareMix ?? { '4.2.1': 1 },
    options.count,
    options.random.fork('firmware'),
  );
  const macs = options.random.fork('mac');
  return Array.from({ length: options.count }, (_, offset) => {
    const serial = pumpSerial(first + offset);
    return {
      serial,
      identityName: deviceIdentityName(serial),
      model: pumpModel,
      firmware: firmware[offset] ?? '4.2.1',
      careArea: careAreas[(first + offset - 1) % careAreas.length] ?? 'med-surg',
      // 02: locally administered unicast (IEEE 802 c.f. RFC 7042 2.1), so never a real vendor's OUI.
      mac: ['02', ...Array.from({ length: 5 }, () => macs.int(0, 255).toString(16).padStart(2, '0'))].join(
        ':',
      ),
    };
  });
}

/**
 * The firmware of each pump: the mix's weights as exact shares of the ward (largest remainders),
 * placed in a seeded order, so a ward of six on a third each has two of each, whatever the seed.
 */
function stratifiedFirmware(weights: Record<string, number>, count: number, random: Random): string[] {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0) throw new RangeError('firmware mix needs at least one positive weight');
  const shares = entries.map(([version, weight]) => ({ version, exact: (weight / total) * count }));
  const counts = shares.map((share) => Math.floor(share.exact));
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: share.exact - Math.floor(share.exact) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let left = count - counts.reduce((sum, n) => sum + n, 0), k = 0; left > 0; left -= 1, k += 1) {
    const index = byRemainder[k % byRemainder.length]!.index;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  const ward = shares.flatMap((share, index) => Array<string>(counts[index] ?? 0).fill(share.version));
  for (let i = ward.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [ward[i], ward[j]] = [ward[j]!, ward[i]!];
  }
  return ward;
}
