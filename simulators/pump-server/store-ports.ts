import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';
import { deliveryStates, eventSchema } from '../contract/pump-messages.ts';
import type * as store from './event-store.ts';
import type {
  EventPage,
  EventQuery,
  EventReader,
  InfusionRecord,
  InventoryReader,
  PumpFilter,
  PumpRecord,
  StoredEvent,
} from './ports.ts';

/**
 * Adapters from the event store's synchronous, numerically paged queries to the REST API's ports
 * (ports.ts): the REST layer and the release services see the store only through these.
 */

/** The store's largest page: the adapter reads the whole inventory a page at a time. */
const storePage = 1000;

/** A cursor is the store's row id of the last event of the previous page, as decimal text. */
const cursorPattern = /^[1-9]\d{0,14}$/;

const deliveryState = z.enum(deliveryStates);

/**
 * The fleet inventory as an {@link InventoryReader}. The store filters by care area and presence;
 * state and firmware are filtered here.
 * @example const inventory = storeInventoryReader(store.inventory); await inventory.listPumps({ state: 'infusing' })
 */
export function storeInventoryReader(inventory: store.FleetInventory): InventoryReader {
  return {
    async listPumps(filter: PumpFilter = {}) {
      const pumps: PumpRecord[] = [];
      let after: string | undefined;
      do {
        const page = inventory.list({
          limit: storePage,
          ...(after === undefined ? {} : { after }),
          ...(filter.online === undefined ? {} : { online: filter.online }),
          ...(filter.careArea === undefined ? {} : { careArea: filter.careArea }),
        });
        pumps.push(...page.items.filter((pump) => matches(pump, filter)).map(toPumpRecord));
        after = page.next;
      } while (after !== undefined);
      return pumps;
    },
    async getPump(serial) {
      const pump = inventory.get(serial);
      return pump ? toPumpRecord(pump) : undefined;
    },
  };
}

/**
 * The infusion event store as an {@link EventReader}: events only (not status or command results),
 * oldest first, with string cursors.
 * @example const events = storeEventReader(store.events); await events.listEvents({ serial, limit: 50 })
 */
export function storeEventReader(events: store.EventQueries): EventReader {
  return {
    async listEvents(query: EventQuery): Promise<EventPage> {
      const after = query.cursor === undefined ? undefined : readCursor(query.cursor);
      const page = events.messages({
        channel: 'events',
        limit: query.limit,
        ...(after === undefined ? {} : { after }),
        ...(query.serial === undefined ? {} : { serial: query.serial }),
        ...(query.type === undefined ? {} : { type: query.type }),
        ...(query.since === undefined ? {} : { from: query.since }),
        ...(query.until === undefined ? {} : { to: query.until }),
      });
      return {
        items: page.items.map(toStoredEvent),
        nextCursor: page.next === undefined ? null : String(page.next),
      };
    },
    async getInfusion(infusionId) {
      const infusion = events.infusion(infusionId);
      return infusion ? toInfusionRecord(infusion) : undefined;
    },
  };
}

/** Both ports over one event store. */
export function storePorts(eventStore: Pick<store.EventStore, 'inventory' | 'events'>): {
  inventory: InventoryReader;
  events: EventReader;
} {
  return {
    inventory: storeInventoryReader(eventStore.inventory),
    events: storeEventReader(eventStore.events),
  };
}

function matches(pump: store.PumpRecord, filter: PumpFilter): boolean {
  return (
    (filter.state === undefined || pump.state === filter.state) &&
    (filter.firmware === undefined || pump.firmware === filter.firmware)
  );
}

function toPumpRecord(pump: store.PumpRecord): PumpRecord {
  const { serial, model, firmware, libraryVersion, careArea, state, lastSeen, online } = pump;
  return { serial, model, firmware, libraryVersion, careArea, state, lastSeen, online };
}

function readCursor(cursor: string): number {
  if (!cursorPattern.test(cursor)) {
    throw new PumplabError('INPUT_INVALID', 'The cursor is not one this server issued.', {
      problems: ['cursor: not a cursor this server issued'],
    });
  }
  return Number(cursor);
}

/** The stored payload is the event as validated on receipt; parsing again narrows its type. */
function toStoredEvent(message: store.StoredMessage): StoredEvent {
  return { ...eventSchema.parse(message.payload), id: String(message.id), receivedAt: message.receivedAt };
}

function toInfusionRecord(infusion: store.InfusionRecord): InfusionRecord {
  return { ...infusion, state: deliveryState.parse(infusion.state) };
}
