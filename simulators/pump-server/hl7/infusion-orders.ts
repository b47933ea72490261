import type { Clock } from '../../../core/clock.ts';
import { isPumplabError, PumplabError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { InfusionOrder } from '../../hl7/pcd/pcd03-read.ts';
import type { CommandSender } from '../command-sender.ts';
import { checkOrder, type CheckedOrder, type OrderCheckParts } from './order-checks.ts';
import { pumpRefusal, refusal, type OrderOutcome } from './order-outcome.ts';
import type { PumpAssociations } from './pump-associations.ts';

/** What the order desk works with. */
export interface InfusionOrdersParts {
  checks: OrderCheckParts;
  commands: Pick<CommandSender, 'send'>;
  associations: PumpAssociations;
  clock: Clock;
  logger: Logger;
  /** Real ms the pump has to answer; default the command sender's. */
  commandTimeoutMs?: number;
  /** Told when a pump has just been associated with a patient (to report it at once). */
  onAssociated?: (serial: string) => void;
}

/** What the clinician's confirmation did at the pump. */
export type StartOutcome =
  { serial: string; started: true } | { serial: string; started: false; reason: string };

/**
 * The pump server as [PCD-03] Infusion Order Consumer (IHE PCD TF-2 3.3): checks an order, programs
 * the pump over MQTT and reports only what the pump did. Orders for one pump run one at a time, so a
 * second scan of the same pump sees the first one's outcome (9002 when it started).
 *
 * @example
 * const outcome = await orders.submit(order); // then, when the nurse confirms at the pump:
 * if (outcome.accepted) await orders.confirmStart(outcome.infusionId);
 */
export class InfusionOrders {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly parts: InfusionOrdersParts) {}

  /** Checks and programs one order: every ending the checks or the pump give is an outcome for the RRG^O16. */
  submit(order: InfusionOrder): Promise<OrderOutcome> {
    return this.exclusive(order.pumpId, async () => {
      const checked = checkOrder(order, this.parts.checks);
      const outcome = 'accepted' in checked ? checked : await this.program(checked);
      const { logger } = this.parts;
      if (outcome.accepted)
        logger.info({ pump: outcome.serial, infusionId: outcome.infusionId }, 'order programmed');
      else
        logger.warn(
          { pump: order.pumpId, infusionId: order.placerOrderNumber, reason: outcome.reason },
          'order refused',
        );
      return outcome;
    });
  }

  /**
   * The clinician confirms the program at the pump: sends `start` to the pump associated with the
   * infusion and resolves with the pump's answer (a rejection such as PUMP_ALARM_ACTIVE included).
   *
   * @throws PumplabError HL7_UNKNOWN_INFUSION when no accepted order has this id (or a newer order
   *   replaced it on its pump); BROKER_CLOSED when the server is stopping.
   */
  confirmStart(infusionId: string): Promise<StartOutcome> {
    const association = this.parts.associations.ofInfusion(infusionId);
    if (!association) {
      return Promise.reject(
        new PumplabError('HL7_UNKNOWN_INFUSION', `No pump holds an accepted order ${infusionId}.`, {
          infusionId,
        }),
      );
    }
    const { serial } = association;
    return this.exclusive(serial, async () => {
      try {
        const result = await this.parts.commands.send(serial, { kind: 'start' }, this.timeout());
        if (result.outcome === 'accepted') return { serial, started: true };
        return { serial, started: false, reason: result.reason ?? 'PUMP_COMMAND_FAILED' };
      } catch (error) {
        if (isPumplabError(error, 'BROKER_CLOSED')) throw error;
        return { serial, started: false, reason: isPumplabError(error) ? error.code : 'SEND_FAILED' };
      }
    });
  }

  private async program({ serial, program }: CheckedOrder): Promise<OrderOutcome> {
    let result;
    try {
      result = await this.parts.commands.send(serial, { kind: 'program', order: program }, this.timeout());
    } catch (error) {
      // A timed-out command may still reach the pump later; it then holds an unconfirmed program
      // that nobody is associated with, and the RRG^O16 has said 9015 (request timed out).
      if (!isPumplabError(error)) throw error;
      return refusal(
        error.code,
        error.code === 'BROKER_COMMAND_TIMEOUT' ? 'the pump did not answer' : undefined,
      );
    }
    if (result.outcome === 'rejected')
      return pumpRefusal(result.reason ?? 'PUMP_COMMAND_FAILED', result.detail);
    this.parts.associations.associate({
      serial,
      infusionId: program.infusionId,
      mrn: program.patientId ?? '',
      associatedAt: this.parts.clock.now(),
    });
    this.parts.onAssociated?.(serial);
    const rate = result.detail?.['rate'];
    return {
      accepted: true,
      serial,
      infusionId: program.infusionId,
      rate: typeof rate === 'number' ? rate : program.rate,
      started: program.autoStart,
    };
  }

  /** Resolves once every order and confirmation under way has ended (for a clean close). */
  async settled(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private timeout(): { timeoutMs?: number } {
    const { commandTimeoutMs } = this.parts;
    return commandTimeoutMs === undefined ? {} : { timeoutMs: commandTimeoutMs };
  }

  /** Runs `task` after every earlier task for the same pump has ended. */
  private exclusive<T>(serial: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(serial) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(serial, tail);
    void tail.then(() => {
      if (this.queues.get(serial) === tail) this.queues.delete(serial);
    });
    return run;
  }
}
