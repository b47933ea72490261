import path from 'node:path';
import type Database from 'better-sqlite3';
import { PumplabError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { EnvelopedMessage } from './contract-message.ts';
import { openStoreDatabase, type StoreDurability } from './store/store-database.ts';
import { MessageWriter } from './store/message-writer.ts';
import { fleetInventory, type FleetInventory } from './store/fleet-inventory.ts';
import { eventQueries, type EventQueries } from './store/event-queries.ts';

export type { StoreDurability } from './store/store-database.ts';
export type { FleetInventory, InventoryQuery, PumpRecord } from './store/fleet-inventory.ts';
export type { EventQueries, InfusionRecord, MessageQuery, StoredMessage } from './store/event-queries.ts';

/** Where a lab keeps the pump server's event store, under its state directory. */
export const eventStoreFile = (stateDir: string): string =>
  path.join(stateDir, 'pump-server', 'events.sqlite');

export interface EventStoreOptions {
  /** Stamps `receivedAt` and `lastSeen`. */
  clock?: Clock;
  logger?: Logger;
  /** Default `normal`: durable across a crash of the process, which is what the lab promises. */
  durability?: StoreDurability;
}

/**
 * The pump server's durable infusion event store (SQLite, WAL): every pump message once by its
 * envelope, the fleet inventory and the infusions kept current from them. Writes are synchronous,
 * so a caller that records before it acknowledges (the broker, before its PUBACK) never loses an
 * acknowledged message to a crash (SP 1800-8 Vol B 4.4: infusion records are kept).
 *
 * @example
 * const store = EventStore.open(eventStoreFile('.pumplab'));
 * store.record({ channel: 'events', serial, body: event });
 * store.events.messages({ serial, type: 'infusion-started' });
 * store.close();
 */
export class EventStore {
  /** Pumps the server has heard of. */
  readonly inventory: FleetInventory;
  /** Messages and infusions. */
  readonly events: EventQueries;
  private readonly writer: MessageWriter;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: EventStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'event-store' });
    this.writer = new MessageWriter(db);
    this.inventory = fleetInventory(db);
    this.events = eventQueries(db);
  }

  /**
   * Opens the store at `file`, creating it (owner-only) when absent.
   *
   * @throws PumplabError STORE_OPEN_FAILED
   */
  static open(file: string, options: EventStoreOptions = {}): EventStore {
    const store = new EventStore(openStoreDatabase(file, options.durability ?? 'normal'), file, options);
    store.logger.debug({ file }, 'event store opened');
    return store;
  }

  /**
   * Stores one pump message and applies it to the inventory and infusions; returns whether it was
   * new (false for a redelivery or resend of an envelope already stored, MQTT 3.1.1 4.3.2).
   *
   * @throws PumplabError STORE_WRITE_FAILED, and then nothing of the message was stored.
   */
  record(message: EnvelopedMessage): { isNew: boolean } {
    try {
      return { isNew: this.writer.record(message, this.clock.now()) };
    } catch (error) {
      const { serial, boot, seq } = message.body;
      throw new PumplabError(
        'STORE_WRITE_FAILED',
        `Message ${serial}/${boot}/${seq} could not be stored.`,
        { serial, boot, seq },
        { cause: error },
      );
    }
  }

  /** Records that a pump connected or went away (its connection, or its presence message). */
  setOnline(serial: string, online: boolean): void {
    this.writer.setOnline(serial, online, this.clock.now());
  }

  /** Marks every pump offline: a server that just started has no pump connected yet. */
  markAllOffline(): void {
    this.writer.markAllOffline();
  }

  /** Closes the database; a second call does nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.logger.debug({ file: this.file }, 'event store closed');
  }
}
