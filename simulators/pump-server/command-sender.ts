import crypto from 'node:crypto';
import { PumplabError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import type { CommandResultMessage } from '../contract/pump-messages.ts';
import type { z } from 'zod';
import { commandSchema, type Command } from '../contract/server-commands.ts';
import { channels, pumpTopic } from '../contract/topics.ts';

/** A command as a caller writes it (schema input, defaults optional): the sender adds the id and the issue time unless given. */
type CommandInput = z.input<typeof commandSchema>;
export type CommandRequest = CommandInput extends infer C
  ? C extends CommandInput
    ? Omit<C, 'commandId' | 'issuedAt'> & { commandId?: string; issuedAt?: string }
    : never
  : never;

/** Publishes one payload on a topic from the server (the broker's own publish). */
export type ServerPublish = (
  topic: string,
  payload: Buffer,
  options: { qos: 0 | 1; retain: boolean },
) => Promise<void>;

export interface CommandSenderOptions {
  publish: ServerPublish;
  /** Stamps `issuedAt`. */
  clock?: Clock;
  /** Makes command ids; a seeded source makes a run's ids replay. Default: random UUIDs. */
  random?: Random;
  /** Real milliseconds to wait for a result; default 30 s. */
  timeoutMs?: number;
  logger?: Logger;
}

interface Pending {
  serial: string;
  resolve: (result: CommandResultMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Sends commands to pumps on `pumplab/v1/pumps/{serial}/commands` (QoS 1) and pairs each with the
 * pump's command result by its commandId. A pump that is offline receives the command when its
 * persistent session resumes (MQTT 3.1.1 3.1.2.4), if that happens before the timeout.
 *
 * @example
 * const result = await sender.send('PL00001', { kind: 'pause' });
 * if (result.outcome === 'rejected') log.warn(result.reason);
 */
export class CommandSender {
  private readonly pending = new Map<string, Pending>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private closed = false;

  constructor(private readonly options: CommandSenderOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'command-sender' });
  }

  /**
   * Sends `request` to pump `serial` and resolves with the pump's result, accepted or rejected.
   * The timeout runs on real time: the answer crosses a real network, whatever the lab clock's speed.
   *
   * @throws PumplabError INPUT_INVALID (not a contract command), BROKER_COMMAND_TIMEOUT, BROKER_CLOSED
   */
  async send(
    serial: string,
    request: CommandRequest,
    options: { timeoutMs?: number } = {},
  ): Promise<CommandResultMessage> {
    if (this.closed) throw new PumplabError('BROKER_CLOSED', 'The command sender is closed.', { serial });
    const command = this.validate({
      ...request,
      commandId: request.commandId ?? this.newId(),
      issuedAt: request.issuedAt ?? new Date(this.clock.now()).toISOString(),
    });
    const { commandId } = command;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const answer = new Promise<CommandResultMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(commandId);
        reject(
          new PumplabError('BROKER_COMMAND_TIMEOUT', `Pump ${serial} did not answer command ${commandId}.`, {
            serial,
            commandId,
            timeoutMs,
          }),
        );
      }, timeoutMs);
      this.pending.set(commandId, { serial, resolve, reject, timer });
    });
    try {
      await this.options.publish(pumpTopic(serial, 'commands'), Buffer.from(JSON.stringify(command)), {
        qos: channels.commands.qos,
        retain: channels.commands.retain,
      });
    } catch (error) {
      this.settle(commandId)?.reject(error instanceof Error ? error : new Error(String(error)));
      return answer;
    }
    this.logger.info({ pump: serial, commandId, kind: command.kind }, 'command sent');
    return answer;
  }

  /**
   * Hands a pump's command result to the command waiting for it. A result from another pump than
   * the one commanded is ignored: without broker authorization any client can publish one.
   */
  resolve(result: CommandResultMessage): void {
    const pending = this.pending.get(result.commandId);
    if (!pending) return;
    if (pending.serial !== result.serial) {
      this.logger.warn(
        { pump: result.serial, commandId: result.commandId },
        'result from the wrong pump ignored',
      );
      return;
    }
    this.settle(result.commandId)?.resolve(result);
  }

  /** How many commands await a result. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Fails every waiting command with BROKER_CLOSED; later sends are refused. */
  close(): void {
    this.closed = true;
    for (const commandId of [...this.pending.keys()]) {
      this.settle(commandId)?.reject(
        new PumplabError('BROKER_CLOSED', 'The pump server closed before the pump answered.', { commandId }),
      );
    }
  }

  private settle(commandId: string): Pending | undefined {
    const pending = this.pending.get(commandId);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(commandId);
    return pending;
  }

  private validate(candidate: unknown): Command {
    const parsed = commandSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'command'}: ${issue.message}`,
    );
    throw new PumplabError('INPUT_INVALID', `The command is not valid: ${problems.join('; ')}.`, {
      problems,
    });
  }

  private newId(): string {
    const random = this.options.random;
    return random ? `cmd-${random.hex8()}${random.hex8()}` : crypto.randomUUID();
  }
}
