import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

/**
 * order-spoofed: pumps seen holding a program whose infusion id is no order the EHR placed (and
 * that they did not already hold when the attack began): a program nobody ordered.
 *
 * @example orderSpoofed(record).clinical // "1 pump ran a program for an order the EHR never placed."
 */
export function orderSpoofed(record: RunRecord): ImpactFinding {
  const placed = new Set([...record.before.orders, ...record.after.orders].map((order) => order.orderId));
  for (const pump of record.before.pumps) if (pump.infusionId !== null) placed.add(pump.infusionId);
  const spoofed = new Map<string, Set<string>>();
  for (const pumps of [...record.samples.map((s) => s.pumps), record.after.pumps]) {
    for (const pump of pumps) {
      if (pump.infusionId === null || placed.has(pump.infusionId)) continue;
      spoofed.set(pump.serial, (spoofed.get(pump.serial) ?? new Set()).add(pump.infusionId));
    }
  }
  const programs = [...spoofed.values()].reduce((sum, ids) => sum + ids.size, 0);
  const serials = [...spoofed.keys()].sort();
  return {
    kind: 'order-spoofed',
    observed: serials.length > 0,
    clinical:
      serials.length > 0
        ? `${count(serials.length, 'pump')} ran a program for an order the EHR never placed (${serials.map((s) => `pump ${s}`).join(', ')}).`
        : 'Every program a pump ran was for an order the EHR placed.',
    figures: { pumps: serials.length, programs },
  };
}
