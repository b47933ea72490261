import type { Loot } from './loot.ts';
import type { FlashReading } from './flash-reader.ts';

/**
 * What each run's thief read off the flash of the pumps it stole, kept beside its loot so a later
 * `read-flash` step can report on it. Keyed by the loot object: one per attack context, gone with it.
 */
const readings = new WeakMap<Loot, FlashReading[]>();

/** Remembers a stolen device's flash reading for `loot`'s attacker. */
export function rememberFlash(loot: Loot, reading: FlashReading): void {
  readings.set(loot, [...(readings.get(loot) ?? []), reading]);
}

/** The flash readings of every device `loot`'s attacker stole, oldest first. */
export function stolenFlash(loot: Loot): readonly FlashReading[] {
  return readings.get(loot) ?? [];
}
