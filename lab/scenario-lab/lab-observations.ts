import type { LabObservations, OrderView } from '../../scenarios/engine/lab-under-test.ts';
import type { EmbeddedLab } from '../embedded/embedded-lab.ts';
import { sentToEhr } from './ehr-sent-log.ts';
import type { PumpObserver } from './pump-observer.ts';
import type { SecurityEventLog } from './security-event-log.ts';
import { chartOf, wardPatients } from './ward-records.ts';

/** What the observations read besides the lab itself: the recorders started with the run. */
export interface ObservationSources {
  lab: EmbeddedLab;
  pumps: PumpObserver;
  orders: readonly OrderView[];
  securityEvents: SecurityEventLog;
}

/** Every entry a log of this many holds at most (the gateway's rings keep 10,000). */
const wholeLog = 10_000;

/**
 * What a run can observe of an embedded lab: its pumps, the ward's orders and patients, the chart,
 * the pump server's inventory and releases, and the gateway's, admission's and monitor's logs
 * (oldest first). Every call reads the lab as it is now.
 */
export function labObservations(sources: ObservationSources): LabObservations {
  const { lab } = sources;
  const { gateway, monitor, admission } = lab.network;
  return {
    pumps: () => sources.pumps.views(),
    orders: () => sources.orders.map((order) => ({ ...order })),
    patients: () => wardPatients(lab.ehr),
    chart: (mrn) => chartOf(lab.ehr, mrn),
    inventory: () => inventorySerials(lab),
    releases: () => ({
      libraries: lab.server.libraries.list().map((release) => release.version),
      firmware: lab.server.firmware.list().map((release) => release.version),
    }),
    sentToEhr: () => sentToEhr(lab.server),
    decisions: () => gateway?.decisions.query({ limit: wholeLog }).reverse() ?? [],
    admissions: () => admission?.log.query({ limit: wholeLog }).reverse() ?? [],
    alerts: () => monitor?.alerts.query({ limit: wholeLog }).reverse() ?? [],
    securityEvents: () => sources.securityEvents.list(),
  };
}

/** Every serial the pump server's inventory lists, page after page. */
function inventorySerials(lab: EmbeddedLab): string[] {
  const serials: string[] = [];
  let after: string | undefined;
  do {
    const page = lab.server.inventory.list({ limit: 1000, ...(after === undefined ? {} : { after }) });
    serials.push(...page.items.map((pump) => pump.serial));
    after = page.next;
  } while (after !== undefined);
  return serials;
}
