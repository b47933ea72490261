import type { PumpView } from '../lab-under-test.ts';
import type { RunRecord } from '../run-record.ts';

/** One pump's view at one lab time. */
export interface PumpPoint {
  /** Lab ms. */
  at: number;
  view: PumpView;
}

/**
 * Every view of the pump `serial` the run took, oldest first: the lab before the first step, the
 * samples, and the lab after the exposure. A pump missing from a view (taken away) has no point there.
 */
export function pumpTimeline(record: RunRecord, serial: string): PumpPoint[] {
  const views = [
    { at: record.before.at, pumps: record.before.pumps },
    ...record.samples,
    { at: record.after.at, pumps: record.after.pumps },
  ];
  const points: PumpPoint[] = [];
  for (const { at, pumps } of views) {
    const view = pumps.find((pump) => pump.serial === serial);
    if (view) points.push({ at, view });
  }
  return points.sort((a, b) => a.at - b.at);
}

/** Every serial any view of the run saw. */
export function serialsSeen(record: RunRecord): string[] {
  const serials = new Set<string>();
  for (const pumps of [record.before.pumps, ...record.samples.map((s) => s.pumps), record.after.pumps]) {
    for (const pump of pumps) serials.add(pump.serial);
  }
  return [...serials].sort();
}
