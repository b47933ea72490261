import { PumplabError } from '../../../../core/errors.ts';
import { verifyDetached } from '../../../../pki/code-signing/verify-detached.ts';
import type { Command } from '../../../../simulators/contract/server-commands.ts';
import type { CommandResultMessage } from '../../../../simulators/contract/pump-messages.ts';
import type {
  CommandSender,
  EventPage,
  EventQuery,
  EventReader,
  InfusionRecord,
  InventoryReader,
  PumpFilter,
  PumpRecord,
  StoredEvent,
} from '../../../../simulators/pump-server/ports.ts';

/**
 * In-memory stand-ins for the broker side of the pump server (inventory, event store, command
 * sender), which has its own tests. The services and the HTTP layer under test are the real ones.
 */
export class FakeInventory implements InventoryReader {
  readonly pumps = new Map<string, PumpRecord>();

  add(serial: string, fields: Partial<PumpRecord> = {}): PumpRecord {
    const pump: PumpRecord = {
      serial,
      model: 'LVP-3000',
      firmware: '1.0.0',
      libraryVersion: null,
      careArea: 'icu',
      state: 'standby',
      lastSeen: '2026-01-01T00:00:00.000Z',
      online: true,
      ...fields,
    };
    this.pumps.set(serial, pump);
    return pump;
  }

  update(serial: string, fields: Partial<PumpRecord>): void {
    const pump = this.pumps.get(serial);
    if (pump) this.pumps.set(serial, { ...pump, ...fields });
  }

  async listPumps(filter: PumpFilter = {}): Promise<PumpRecord[]> {
    return [...this.pumps.values()]
      .filter((pump) =>
        (Object.keys(filter) as (keyof PumpFilter)[]).every((key) => filter[key] === pump[key]),
      )
      .sort((a, b) => a.serial.localeCompare(b.serial));
  }

  async getPump(serial: string): Promise<PumpRecord | undefined> {
    return this.pumps.get(serial);
  }
}

export class FakeEvents implements EventReader {
  readonly events: StoredEvent[] = [];
  readonly infusions = new Map<string, InfusionRecord>();
  /** When set, every call fails with this (a plain Error stands for a bug). */
  failWith: Error | undefined;

  async listEvents(query: EventQuery): Promise<EventPage> {
    if (this.failWith) throw this.failWith;
    const start = query.cursor === undefined ? 0 : Number(Buffer.from(query.cursor, 'base64url').toString());
    if (!Number.isInteger(start))
      throw new PumplabError('INPUT_INVALID', 'Bad cursor.', { problems: ['cursor'] });
    const matching = this.events.filter(
      (event) =>
        (query.serial === undefined || event.serial === query.serial) &&
        (query.type === undefined || event.type === query.type) &&
        (query.since === undefined || event.sentAt >= query.since) &&
        (query.until === undefined || event.sentAt < query.until),
    );
    const items = matching.slice(start, start + query.limit);
    const next = start + items.length;
    return {
      items,
      nextCursor: next < matching.length ? Buffer.from(String(next)).toString('base64url') : null,
    };
  }

  async getInfusion(infusionId: string): Promise<InfusionRecord | undefined> {
    return this.infusions.get(infusionId);
  }
}

/** How the fake pump with a serial answers. */
export type PumpBehaviour =
  { kind: 'verify' } | { kind: 'reject'; reason: string } | { kind: 'timeout' } | { kind: 'unreachable' };

/**
 * A fleet of fake pumps behind the CommandSender port. By default a pump checks signatures as a
 * hardened pump would: the detached CMS signature must verify against the lab root and be made by
 * the trusted signer. An accepted install updates the fake inventory, as the pump's next status would.
 */
export class FakeSender implements CommandSender {
  readonly sent: { serial: string; command: Command }[] = [];
  readonly behaviours = new Map<string, PumpBehaviour>();

  constructor(
    private readonly inventory: FakeInventory,
    readonly trust: { rootPem: string; crlPems: () => string[]; signerCommonName: string },
  ) {}

  async send(serial: string, command: Command): Promise<CommandResultMessage> {
    this.sent.push({ serial, command });
    const behaviour = this.behaviours.get(serial) ?? { kind: 'verify' };
    if (behaviour.kind === 'timeout')
      throw new PumplabError('BROKER_COMMAND_TIMEOUT', 'No answer.', { serial });
    if (behaviour.kind === 'unreachable') throw new PumplabError('BROKER_CLOSED', 'Not started.', {});
    const reason = behaviour.kind === 'reject' ? behaviour.reason : this.check(command);
    if (reason === undefined) this.install(serial, command);
    return {
      serial,
      boot: '0000abcd',
      seq: this.sent.length,
      sentAt: new Date().toISOString(),
      commandId: command.commandId,
      outcome: reason === undefined ? 'accepted' : 'rejected',
      ...(reason === undefined ? {} : { reason }),
    };
  }

  private check(command: Command): string | undefined {
    if (command.kind !== 'install-library' && command.kind !== 'install-firmware') return undefined;
    const content = Buffer.from(
      command.kind === 'install-library' ? command.library : command.image,
      'base64',
    );
    if (command.signature === null) return 'PUMP_SIGNATURE_MISSING';
    try {
      const verified = verifyDetached(content, Buffer.from(command.signature, 'base64'), {
        trustAnchorPem: this.trust.rootPem,
        crlPems: this.trust.crlPems(),
        at: new Date(),
      });
      return verified.signerSubject.endsWith(`CN=${this.trust.signerCommonName}`)
        ? undefined
        : 'PUMP_SIGNER_UNTRUSTED';
    } catch {
      return 'PUMP_SIGNATURE_INVALID';
    }
  }

  private install(serial: string, command: Command): void {
    if (command.kind === 'install-firmware') this.inventory.update(serial, { firmware: command.version });
    if (command.kind === 'install-library') {
      const library = JSON.parse(Buffer.from(command.library, 'base64').toString('utf8')) as {
        version: string;
      };
      this.inventory.update(serial, { libraryVersion: library.version });
    }
  }
}
