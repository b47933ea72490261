import crypto from 'node:crypto';
import { isPumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { seededRandom, type Random } from '../../core/random.ts';
import type { Command } from '../contract/server-commands.ts';
import { commandTimeoutStatus, type CommandSender } from './ports.ts';
import type { CommandOutcome } from './release-store.ts';

/** A command without its id and time, which {@link sendForOutcome} fills in. */
export type CommandBody = Command extends infer C
  ? C extends Command
    ? Omit<C, 'commandId' | 'issuedAt'>
    : never
  : never;

/** What sending needs: the port, the time, a source for command ids and a logger. */
export interface SendContext {
  sender: CommandSender;
  now: () => number;
  random: Random;
  logger: Logger;
}

/** A random source for command ids when the caller injects none. */
export const unseededRandom = (): Random => seededRandom(crypto.randomInt(2 ** 31));

/**
 * Sends one command and folds every ending into an outcome: the pump's accept or reject (with its
 * reason code), a timeout (status 504 from the sender), or a server-side failure reported as a
 * rejection with the error's code. Never throws for a pump's sake, so one pump cannot stop a batch.
 * @example const outcome = await sendForOutcome(context, 'PUMP-0001', { kind: 'report-status' })
 */
export async function sendForOutcome(
  context: SendContext,
  serial: string,
  body: CommandBody,
): Promise<CommandOutcome> {
  const command = {
    ...body,
    commandId: `${body.kind}-${context.random.hex8()}${context.random.hex8()}`,
    issuedAt: new Date(context.now()).toISOString(),
  } as Command;
  try {
    const result = await context.sender.send(serial, command);
    return result.outcome === 'accepted'
      ? { serial, outcome: 'accepted' }
      : { serial, outcome: 'rejected', reason: result.reason ?? 'UNSPECIFIED' };
  } catch (error) {
    if (isPumplabError(error) && error.status === commandTimeoutStatus) {
      return { serial, outcome: 'timed-out', reason: error.code };
    }
    context.logger.warn({ serial, kind: body.kind, err: error }, 'command could not be sent');
    return { serial, outcome: 'rejected', reason: isPumplabError(error) ? error.code : 'SEND_FAILED' };
  }
}
