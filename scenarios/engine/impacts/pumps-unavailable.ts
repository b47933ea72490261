import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { minutesText, wholeMinutes } from './figures.ts';
import { pumpTimeline } from './pump-timeline.ts';

/**
 * The longest stretch, in lab ms, over which `serial` was seen without its MQTT session: from the
 * first view showing it down to the next view showing it up again (or the end of the run); 0 when
 * it never was.
 */
export function longestOutageMs(record: RunRecord, serial: string): number {
  const points = pumpTimeline(record, serial);
  let longest = 0;
  let downSince: number | undefined;
  for (const point of points) {
    if (!point.view.connected) downSince ??= point.at;
    else if (downSince !== undefined) {
      longest = Math.max(longest, point.at - downSince);
      downSince = undefined;
    }
  }
  const last = points[points.length - 1];
  if (downSince !== undefined && last) longest = Math.max(longest, last.at - downSince);
  return longest;
}

/** Whether the pump was seen down at some view of the run (one view down counts, even a short one). */
const everDown = (record: RunRecord, serial: string): boolean =>
  pumpTimeline(record, serial).some((point) => !point.view.connected);

/**
 * pumps-unavailable: pumps connected to the pump server when the attack began that were seen
 * without their session during the run: how many, and the longest outage in lab minutes.
 *
 * @example pumpsUnavailable(record).clinical // "3 of 6 pumps lost their session with the pump server, the longest for 4 min."
 */
export function pumpsUnavailable(record: RunRecord): ImpactFinding {
  const watched = record.before.pumps.filter((pump) => pump.connected).map((pump) => pump.serial);
  const lost = watched.filter((serial) => everDown(record, serial));
  const minutes = wholeMinutes(Math.max(0, ...lost.map((serial) => longestOutageMs(record, serial))));
  const figures = { pumps: watched.length, unavailable: lost.length, minutes };
  if (lost.length === 0) {
    return {
      kind: 'pumps-unavailable',
      observed: false,
      clinical: `Every pump kept its session with the pump server (${watched.length}).`,
      figures,
    };
  }
  return {
    kind: 'pumps-unavailable',
    observed: true,
    clinical: `${lost.length} of ${watched.length} pumps lost their session with the pump server, the longest for ${minutesText(minutes)}.`,
    figures,
  };
}
