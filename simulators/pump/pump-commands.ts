import { isPumplabError, PumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { CommandResultMessage } from '../contract/pump-messages.ts';
import { commandSchema, type Command, type ProgramOrder } from '../contract/server-commands.ts';
import type { EventDetail } from './delivery-types.ts';

/** What the pump offers the command dispatcher. */
export interface CommandTarget {
  program(order: ProgramOrder): EventDetail;
  deliver(action: 'start' | 'pause' | 'resume' | 'stop'): void;
  installLibrary(content: Buffer, signature: Buffer | null): EventDetail;
  installFirmware(image: Buffer, signature: Buffer | null, version: string): EventDetail;
  reportStatus(): void;
}

/** A command result without its envelope. */
export type CommandOutcome = Omit<CommandResultMessage, 'serial' | 'boot' | 'seq' | 'sentAt'>;

/**
 * Runs one server command and says how it went. The command is validated against the contract
 * schema again (a link or a test may hand over anything); a failure becomes a `rejected` result with
 * the stable code as reason, never an exception out of the pump.
 */
export function runCommand(command: unknown, target: CommandTarget, logger: Logger): CommandOutcome {
  const commandId = commandIdOf(command);
  try {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new PumplabError('PUMP_COMMAND_INVALID', 'The command fails its schema.', { path });
    }
    const detail = dispatch(parsed.data, target);
    return detail ? { commandId, outcome: 'accepted', detail } : { commandId, outcome: 'accepted' };
  } catch (error) {
    if (!isPumplabError(error)) {
      logger.error({ commandId, err: (error as Error).message }, 'command failed');
      return { commandId, outcome: 'rejected', reason: 'PUMP_COMMAND_FAILED' };
    }
    logger.info({ commandId, reason: error.code }, 'command rejected');
    const detail = primitives(error.details);
    return { commandId, outcome: 'rejected', reason: error.code, ...(detail && { detail }) };
  }
}

function dispatch(command: Command, target: CommandTarget): EventDetail | undefined {
  switch (command.kind) {
    case 'program':
      return target.program(command.order);
    case 'start':
    case 'pause':
    case 'resume':
    case 'stop':
      target.deliver(command.kind);
      return undefined;
    case 'install-library':
      return target.installLibrary(fromBase64(command.library), signatureOf(command.signature));
    case 'install-firmware':
      return target.installFirmware(
        fromBase64(command.image),
        signatureOf(command.signature),
        command.version,
      );
    case 'report-status':
      target.reportStatus();
      return undefined;
  }
}

function fromBase64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

function signatureOf(text: string | null): Buffer | null {
  return text === null ? null : fromBase64(text);
}

/** The command's id if it has a usable one, so even a malformed command gets an answer. */
function commandIdOf(command: unknown): string {
  const id = (command as { commandId?: unknown } | null)?.commandId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : 'invalid';
}

/** The details the contract can carry (strings, numbers, booleans), or undefined if none. */
function primitives(details: Readonly<Record<string, unknown>>): EventDetail | undefined {
  const kept = Object.entries(details).filter((entry): entry is [string, string | number | boolean] =>
    ['string', 'number', 'boolean'].includes(typeof entry[1]),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
