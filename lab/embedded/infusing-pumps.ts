import type { Random } from '../../core/random.ts';
import type { PlannedPump } from '../../simulators/fleet/fleet-plan.ts';

/** One pump in this many runs an infusion when the lab starts; the rest stand by. */
export const infusingShare = 3;

/**
 * Chooses the pumps that infuse when the lab starts: `count` of them (default one in
 * {@link infusingShare}, at least one when there are pumps), drawn from `random` so the same seed
 * gives the same ward, taking each firmware version in turn so every version the ward runs has a
 * patient on it. The infusions themselves come from the EHR's orders through the point-of-care
 * workflow (clinical-ward.ts).
 * @example chooseInfusingPumps(fleet.plan, seededRandom('demo').fork('ward'))
 */
export function chooseInfusingPumps(
  pumps: readonly PlannedPump[],
  random: Random,
  count = Math.ceil(pumps.length / infusingShare),
): PlannedPump[] {
  const byFirmware = new Map<string, PlannedPump[]>();
  for (const pump of shuffled(pumps, random)) {
    byFirmware.set(pump.firmware, [...(byFirmware.get(pump.firmware) ?? []), pump]);
  }
  const queues = [...byFirmware.keys()].sort().map((version) => byFirmware.get(version) ?? []);
  const chosen: PlannedPump[] = [];
  for (let round = 0; chosen.length < Math.min(count, pumps.length); round += 1) {
    for (const queue of queues) {
      const pump = queue[round];
      if (pump && chosen.length < count) chosen.push(pump);
    }
  }
  return chosen.sort((a, b) => a.serial.localeCompare(b.serial));
}

/** A Fisher-Yates shuffle on a copy. */
function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    const a = copy[i];
    const b = copy[j];
    if (a !== undefined && b !== undefined) [copy[i], copy[j]] = [b, a];
  }
  return copy;
}
