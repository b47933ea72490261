import type { Logger } from '../../core/logger.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { Hl7Outbox } from '../../simulators/pump-server/hl7/hl7-outbox.ts';
import { ehrDestination } from '../../simulators/pump-server/hl7/hl7-senders.ts';
import type { LabTime } from './lab-time.ts';

/** How long, in lab ms, the outbox may take to deliver what the ward's start queued (6 s at 20x). */
const drainBudgetMs = 2 * 60_000;

/**
 * The MSH-10 control ids of every HL7 message the pump server sent the EHR: what tells its reports
 * apart from a forged PCD-01 that reached the chart. The pump server's outbox deletes a message once
 * the EHR acknowledged it, so the log is built from two sources:
 * - from now on, every message the HL7 side queues for the EHR (the outbox's `add`, wrapped);
 * - before now, every control id already charted, once what the lab's start queued is delivered:
 *   before the run gets the lab nobody but the pump server has spoken to the EHR.
 */
export class EhrSentLog {
  private readonly ids = new Set<string>();

  private constructor(private readonly restore: () => void) {}

  /** Starts recording; resolves once the baseline is read. */
  static async start(
    outbox: Hl7Outbox | undefined,
    parts: { ehr: Ehr; time: LabTime; logger: Logger },
  ): Promise<EhrSentLog> {
    const add = outbox?.add;
    const log = new EhrSentLog(() => {
      if (outbox && add) outbox.add = add;
    });
    if (outbox && add) {
      outbox.add = (entry, at) => {
        add.call(outbox, entry, at);
        if (entry.destination === ehrDestination) log.ids.add(entry.controlId);
      };
      const idle = () => outbox.next(ehrDestination) === undefined || undefined;
      if (!(await parts.time.poll(idle, drainBudgetMs))) {
        parts.logger.warn('messages to the EHR still pending at launch: they may show as not sent');
      }
    }
    for (const { mrn } of parts.ehr.patients()) {
      const chart = parts.ehr.chart(mrn);
      for (const entry of [...chart.observations, ...chart.alarms]) log.ids.add(entry.controlId);
    }
    return log;
  }

  list(): string[] {
    return [...this.ids];
  }

  /** Stops recording (the outbox is the server's again). */
  close(): void {
    this.restore();
  }
}
