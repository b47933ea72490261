import type { FleetInventory } from '../event-store.ts';
import { hl7Defaults, type PumpServerHl7Options } from './hl7-options.ts';
import type { MessageFeed } from './message-feed.ts';
import { Pcd01Reporter } from './pcd01-reporter.ts';
import { Pcd04Reporter } from './pcd04-reporter.ts';
import type { EhrQueue, ReportContext } from './report-context.ts';

/** What the reporters are built from; no `toEhr` (no EHR configured) means no reporting at all. */
export type ReporterParts = Omit<ReportContext, 'toEhr' | 'receiver'> & {
  toEhr: EhrQueue | undefined;
  inventory: Pick<FleetInventory, 'get'>;
  feed: MessageFeed;
};

/** The running reporters: tell them of a new association, stop them. */
export interface Reporters {
  associated(serial: string): void;
  stop(): void;
}

/**
 * Subscribes the [PCD-01] and [PCD-04] reporters to the pump server's message feed: statuses feed
 * the observations, alarm events the alerts, presence changes the server's own communication-lost.
 *
 * @example const reporters = startReporters(options, parts); ... reporters.stop();
 */
export function startReporters(options: PumpServerHl7Options, parts: ReporterParts): Reporters {
  const { toEhr, inventory, feed, ...rest } = parts;
  if (!toEhr) return { associated: () => undefined, stop: () => undefined };
  const context: ReportContext = {
    ...rest,
    toEhr,
    receiver: {
      application: options.ehr?.application ?? hl7Defaults.ehrApplication,
      facility: options.ehr?.facility ?? hl7Defaults.ehrFacility,
    },
  };
  const observations = new Pcd01Reporter(
    context,
    options.observationIntervalMs ?? hl7Defaults.observationIntervalMs,
  );
  const alerts = new Pcd04Reporter(context, inventory, options.reportUnassociatedAlarms ?? false);
  const unsubscribe = feed.subscribe((message) => {
    if (message.channel === 'status') observations.observe(message.body);
    else if (message.channel === 'events') alerts.observeEvent(message.body);
    else if (message.channel === 'presence') alerts.observePresence(message.serial, message.body.online);
  });
  return {
    associated: (serial) => observations.associated(serial),
    stop: () => {
      unsubscribe();
      alerts.stop();
    },
  };
}
