import type Database from 'better-sqlite3';
import type { DeliveryState, EventMessage, EventType, Infusion } from '../../contract/pump-messages.ts';
import type { EnvelopedMessage } from '../contract-message.ts';

/** The infusion's state an event implies; other events leave it to the pump's delivery state. */
const infusionStateAfter: Partial<Record<EventType, string>> = {
  'infusion-programmed': 'programmed',
  'infusion-started': 'infusing',
  'infusion-resumed': 'infusing',
  'infusion-paused': 'paused',
  'infusion-stopped': 'stopped',
  'infusion-completed': 'complete',
  'kvo-started': 'kvo',
};

/** Pump states that say nothing about the infusion last run (the pump went back to idle). */
const idleStates: ReadonlySet<DeliveryState> = new Set(['standby', 'programming']);

/**
 * Writes accepted pump messages: the message itself once per envelope, then the fleet inventory and
 * the infusion it reports, in one transaction. Later-sent reports win; an older one that arrives
 * late (a resend after reconnect) never overwrites a newer state.
 */
export class MessageWriter {
  private readonly insertMessage: Database.Statement;
  private readonly touchPump: Database.Statement;
  private readonly applyStatus: Database.Statement;
  private readonly applyState: Database.Statement;
  private readonly applyInfusion: Database.Statement;
  private readonly setOnlineStatement: Database.Statement;
  private readonly recordTransaction: (message: EnvelopedMessage, receivedAt: number) => boolean;

  constructor(private readonly db: Database.Database) {
    this.insertMessage = db.prepare(
      `INSERT OR IGNORE INTO messages (serial, boot, seq, channel, type, sent_at, received_at, payload)
       VALUES (@serial, @boot, @seq, @channel, @type, @sentAt, @receivedAt, @payload)`,
    );
    this.touchPump = db.prepare(
      `INSERT INTO pumps (serial, last_seen) VALUES (?, ?)
       ON CONFLICT (serial) DO UPDATE SET last_seen = max(coalesce(pumps.last_seen, 0), excluded.last_seen)`,
    );
    this.applyStatus = db.prepare(
      `UPDATE pumps SET model = @model, firmware = @firmware, library_version = @libraryVersion,
         care_area = @careArea, alarms = @alarms, battery_percent = @batteryPercent, status_at = @at
       WHERE serial = @serial AND (status_at IS NULL OR status_at <= @at)`,
    );
    this.applyState = db.prepare(
      `UPDATE pumps SET state = @state, state_at = @at
       WHERE serial = @serial AND (state_at IS NULL OR state_at <= @at)`,
    );
    this.applyInfusion = db.prepare(
      `INSERT INTO infusions (infusion_id, serial, patient_id, drug_id, drug_name, rate, vtbi, volume_infused,
         state, started_at, updated_at)
       VALUES (@infusionId, @serial, @patientId, @drugId, @drugName, @rate, @vtbi, @volumeInfused,
         coalesce(@state, @pumpState), @startedAt, @at)
       ON CONFLICT (infusion_id) DO UPDATE SET serial = excluded.serial, patient_id = excluded.patient_id,
         drug_id = excluded.drug_id, drug_name = excluded.drug_name, rate = excluded.rate, vtbi = excluded.vtbi,
         volume_infused = excluded.volume_infused, state = coalesce(@state, infusions.state),
         started_at = coalesce(excluded.started_at, infusions.started_at), updated_at = excluded.updated_at
       WHERE excluded.updated_at >= infusions.updated_at`,
    );
    this.setOnlineStatement = db.prepare(
      `INSERT INTO pumps (serial, online, last_seen) VALUES (@serial, @online, @at)
       ON CONFLICT (serial) DO UPDATE SET online = excluded.online,
         last_seen = max(coalesce(pumps.last_seen, 0), excluded.last_seen)`,
    );
    this.recordTransaction = db.transaction((message: EnvelopedMessage, receivedAt: number) =>
      this.recordUnlocked(message, receivedAt),
    );
  }

  /**
   * Stores one message and applies it, synchronously: when this returns the commit is in the WAL,
   * so the broker may send the PUBACK (MQTT 3.1.1 4.3.2). Returns false for a duplicate envelope.
   */
  record(message: EnvelopedMessage, receivedAt: number): boolean {
    return this.recordTransaction(message, receivedAt);
  }

  /** Marks a pump connected or gone, from its presence message or its MQTT connection. */
  setOnline(serial: string, online: boolean, at: number): void {
    this.setOnlineStatement.run({ serial, online: online ? 1 : 0, at });
  }

  /** After a restart nobody is connected yet: every pump starts offline until it reconnects. */
  markAllOffline(): void {
    this.db.prepare('UPDATE pumps SET online = 0 WHERE online = 1').run();
  }

  private recordUnlocked(message: EnvelopedMessage, receivedAt: number): boolean {
    const { body } = message;
    const sentAt = Date.parse(body.sentAt);
    const inserted = this.insertMessage.run({
      serial: body.serial,
      boot: body.boot,
      seq: body.seq,
      channel: message.channel,
      type: typeOf(message),
      sentAt,
      receivedAt,
      payload: JSON.stringify(body),
    });
    if (inserted.changes === 0) return false;
    this.touchPump.run(body.serial, receivedAt);
    if (message.channel === 'status') {
      this.applyStatus.run({
        serial: body.serial,
        model: message.body.model,
        firmware: message.body.firmware,
        libraryVersion: message.body.libraryVersion,
        careArea: message.body.careArea,
        alarms: JSON.stringify(message.body.alarms),
        batteryPercent: message.body.batteryPercent,
        at: sentAt,
      });
    }
    if (message.channel !== 'command-results') {
      this.applyState.run({ serial: body.serial, state: message.body.state, at: sentAt });
      const infusion = message.body.infusion;
      if (infusion)
        this.recordInfusion(body.serial, infusion, message.body.state, sentAt, eventType(message));
    }
    return true;
  }

  private recordInfusion(
    serial: string,
    infusion: Infusion,
    pumpState: DeliveryState,
    at: number,
    event: EventType | undefined,
  ): void {
    const implied = event === undefined ? undefined : infusionStateAfter[event];
    const state = implied ?? (idleStates.has(pumpState) ? null : pumpState);
    this.applyInfusion.run({
      infusionId: infusion.infusionId,
      serial,
      patientId: infusion.patientId ?? null,
      drugId: infusion.drugId,
      drugName: infusion.drugName,
      rate: infusion.rate,
      vtbi: infusion.vtbi,
      volumeInfused: infusion.volumeInfused,
      state,
      pumpState,
      startedAt: infusion.startedAt ?? null,
      at,
    });
  }
}

/** The `type` column: the event type for events, else the channel's own name. */
function typeOf(message: EnvelopedMessage): string {
  if (message.channel === 'events') return message.body.type;
  return message.channel === 'status' ? 'status' : 'command-result';
}

function eventType(message: EnvelopedMessage): EventMessage['type'] | undefined {
  return message.channel === 'events' ? message.body.type : undefined;
}
