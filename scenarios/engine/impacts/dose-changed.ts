import type { ImpactFinding } from '../outcome.ts';
import type { OrderView } from '../lab-under-test.ts';
import type { RunRecord } from '../run-record.ts';
import { minutesText, toClinicalMl, wholeMinutes } from './figures.ts';
import { pumpTimeline, type PumpPoint } from './pump-timeline.ts';

const msPerHour = 3_600_000;
/** Rates are programmed to 0.1 mL/h; anything closer is the same rate. */
const sameRate = (a: number, b: number): boolean => Math.abs(a - b) < 0.05;

/**
 * Delivery states in which an infusion that was running is no longer delivering its order: stopped
 * (`complete` follows a stop; reaching the VTBI goes to `kvo`), paused, or cancelled to standby. An
 * `alarm` is the bedside's doing (an occluded line), not a change to the dose.
 */
const interruptedStates: ReadonlySet<string> = new Set(['complete', 'paused', 'standby']);

/** How one ordered infusion ran against its order. */
export interface DoseDeviation {
  serial: string;
  orderedRate: number;
  /** The rate the pump ran instead, or the state it was left in when it stopped delivering. */
  observed: { rate: number } | { state: string };
  /** Lab minutes from the first sample showing the other rate to the end of the exposure. */
  minutes: number;
  /** Volume delivered over what the order would have delivered in the same time, mL (negative: under). */
  mlOverOrder: number;
}

/**
 * Volume the pump delivered between two points: the growth of `volumeInfused` while the program
 * stays the same; after a new program, what the new one delivered (the old one's last minutes are
 * not seen, so this never overstates).
 */
function deliveredBetween(points: PumpPoint[]): number {
  let delivered = 0;
  for (let i = 1; i < points.length; i += 1) {
    const previous = points[i - 1]!.view;
    const next = points[i]!.view;
    const sameProgram = previous.infusionId === next.infusionId;
    delivered += sameProgram ? Math.max(0, next.volumeInfused - previous.volumeInfused) : next.volumeInfused;
  }
  return delivered;
}

/**
 * One order's deviation, or null when its pump ran the ordered rate at every view. The volume is
 * counted from the last view that still showed the ordered rate: the minutes before the change
 * ran at the ordered rate and cancel out, so the excess does not depend on when samples fell.
 */
export function deviationOf(order: OrderView, record: RunRecord): DoseDeviation | null {
  const points = pumpTimeline(record, order.serial);
  const runningAtStart =
    points[0]?.view.infusionId === order.orderId && !interruptedStates.has(points[0].view.state);
  const offOrder = ({ view }: PumpPoint): boolean =>
    (view.rate !== null && !sameRate(view.rate, order.rate)) ||
    (runningAtStart && (view.infusionId !== order.orderId || interruptedStates.has(view.state)));
  const first = points.findIndex(offOrder);
  if (first < 0) return null;
  const changed = points[first]!;
  const from = points[Math.max(0, first - 1)]!;
  const window = points.slice(Math.max(0, first - 1));
  const end = points[points.length - 1]!;
  const ordered = (order.rate * (end.at - from.at)) / msPerHour;
  return {
    serial: order.serial,
    orderedRate: order.rate,
    observed:
      changed.view.rate !== null && !sameRate(changed.view.rate, order.rate)
        ? { rate: changed.view.rate }
        : { state: changed.view.state },
    minutes: wholeMinutes(end.at - changed.at),
    mlOverOrder: toClinicalMl(deliveredBetween(window) - ordered),
  };
}

/** A rate as a nurse reads it off the pump: to 0.1 mL/h. */
const rateText = (rate: number): string => String(Math.round(rate * 10) / 10);

const stateChange: Readonly<Record<string, string>> = {
  complete: 'was stopped',
  paused: 'was paused',
  standby: 'was cancelled',
};

const sentence = (d: DoseDeviation): string => {
  const volume =
    d.mlOverOrder >= 0 ? `${d.mlOverOrder} mL over the order` : `${-d.mlOverOrder} mL under the order`;
  const change =
    'rate' in d.observed
      ? `rate changed from ${rateText(d.orderedRate)} to ${rateText(d.observed.rate)} mL/h`
      : `the infusion at ${rateText(d.orderedRate)} mL/h ${stateChange[d.observed.state] ?? `went ${d.observed.state}`}`;
  return `pump ${d.serial}: ${change} for ${minutesText(d.minutes)}, ${volume}`;
};

/**
 * dose-changed: for each infusion ordered through the clinical workflow, whether its pump ran a
 * rate other than the order's, or stopped delivering the order it was running (first seen in which
 * sample, for how long), and how much more or less it delivered than the order would have.
 * Decided from the pumps' own views only.
 *
 * @example doseChanged(record).clinical // "1 of 6 infusions ran off its order: pump P-0003: rate changed from 5 to 50 mL/h for 12 min, 9 mL over the order"
 */
export function doseChanged(record: RunRecord): ImpactFinding {
  const orders = record.before.orders;
  const deviations = orders
    .map((order) => deviationOf(order, record))
    .filter((d): d is DoseDeviation => d !== null);
  const figures = {
    infusions: orders.length,
    changed: deviations.length,
    minutes: Math.max(0, ...deviations.map((d) => d.minutes)),
    mlOverOrder: toClinicalMl(deviations.reduce((sum, d) => sum + d.mlOverOrder, 0)),
  };
  if (deviations.length === 0) {
    return {
      kind: 'dose-changed',
      observed: false,
      clinical: `Every pump ran its ordered rate (${orders.length} infusions).`,
      figures,
    };
  }
  const verb = deviations.length === 1 ? 'ran off its order' : 'ran off their orders';
  return {
    kind: 'dose-changed',
    observed: true,
    clinical: `${deviations.length} of ${orders.length} infusions ${verb}: ${deviations.map(sentence).join('; ')}.`,
    figures,
  };
}
