import { z } from 'zod';
import type { Command } from '../contract/server-commands.ts';
import {
  deliveryStates,
  eventSchema,
  type CommandResultMessage,
  type DeliveryState,
  type EventType,
} from '../contract/pump-messages.ts';

/**
 * The narrow views the pump server's REST API and its release services (drug libraries, firmware)
 * need of the rest of the server. They depend on these, never on the broker, the event store or the
 * command sender themselves, so each side can change (and be tested) alone. Records are zod schemas:
 * the REST API publishes them as they are and strips any field an adapter's records carry beyond them.
 */

/** One pump as the fleet inventory knows it, from its last status and presence messages. */
export const pumpRecordSchema = z.object({
  serial: z.string(),
  /** Null until the pump's first status message arrives (it may have announced presence only). */
  model: z.string().nullable(),
  firmware: z.string().nullable(),
  /** The drug library version the pump last reported running, or null for none. */
  libraryVersion: z.string().nullable(),
  careArea: z.string().nullable(),
  state: z.enum(deliveryStates).nullable(),
  /** When the server last heard from the pump (ISO 8601, lab time), or null if never. */
  lastSeen: z.string().nullable(),
  online: z.boolean(),
});
export type PumpRecord = z.infer<typeof pumpRecordSchema>;

/** Filters for a fleet listing; every field given must match. */
export interface PumpFilter {
  careArea?: string;
  state?: DeliveryState;
  online?: boolean;
  firmware?: string;
}

/** Read access to the fleet inventory. */
export interface InventoryReader {
  /** The pumps that match `filter` (all of them when it is empty), ordered by serial. */
  listPumps(filter?: PumpFilter): Promise<PumpRecord[]>;
  /** One pump, or undefined when the inventory has never seen `serial`. */
  getPump(serial: string): Promise<PumpRecord | undefined>;
}

/** An event as stored: the pump's message plus what the server added on receipt. */
export const storedEventSchema = eventSchema.extend({
  /** The store's identifier, stable across restarts. */
  id: z.string(),
  /** When the server stored it (ISO 8601, lab time). */
  receivedAt: z.string(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

/** A query over stored events; `since` is inclusive and `until` exclusive, both on `sentAt`. */
export interface EventQuery {
  serial?: string;
  type?: EventType;
  since?: string;
  until?: string;
  /** At most this many events in one page. */
  limit: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
}

/** One page of events, oldest first. */
export interface EventPage {
  items: StoredEvent[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

/** An infusion as the event store last saw it. `patientId` is PHI: served only over TLS. */
export const infusionRecordSchema = z.object({
  infusionId: z.string(),
  serial: z.string(),
  patientId: z.string().nullable(),
  drugId: z.string(),
  drugName: z.string(),
  /** mL/h. */
  rate: z.number(),
  /** Volume to be infused and volume infused so far, mL. */
  vtbi: z.number(),
  volumeInfused: z.number(),
  /** The pump's delivery state when the infusion's last event arrived. */
  state: z.enum(deliveryStates),
  startedAt: z.string().nullable(),
  /** When the last event of this infusion was sent (ISO 8601, lab time). */
  updatedAt: z.string(),
});
export type InfusionRecord = z.infer<typeof infusionRecordSchema>;

/** Read access to the infusion event store. */
export interface EventReader {
  /**
   * One page of events matching `query`.
   * @throws PumplabError INPUT_INVALID when the cursor is not one this store issued.
   */
  listEvents(query: EventQuery): Promise<EventPage>;
  /** One infusion, or undefined when no event ever named `infusionId`. */
  getInfusion(infusionId: string): Promise<InfusionRecord | undefined>;
}

/** The HTTP-like status a CommandSender's timeout error carries (504, Gateway Timeout). */
export const commandTimeoutStatus = 504;

/** Sends commands to pumps over the broker and waits for each one's result. */
export interface CommandSender {
  /**
   * Publishes `command` to the pump with `serial` and resolves with the pump's command result.
   * @throws PumplabError with status {@link commandTimeoutStatus} when no result arrives in time;
   *   another PumplabError when the command could not be sent at all.
   */
  send(serial: string, command: Command): Promise<CommandResultMessage>;
}
