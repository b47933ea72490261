import type Database from 'better-sqlite3';
import type { LabClock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import { seededRandom, type Random } from '../../../core/random.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { MllpServer } from '../../hl7/mllp/mllp-server.ts';
import type { MllpSecurityEvents } from '../../hl7/mllp/mllp-security-events.ts';
import type { CommandSender } from '../command-sender.ts';
import type { EventStore } from '../event-store.ts';
import { controlIds } from './control-ids.ts';
import { openHl7Database } from './hl7-database.ts';
import { startHl7Listener } from './hl7-listener.ts';
import { hl7Defaults, type PumpServerHl7Options } from './hl7-options.ts';
import { Hl7Outbox } from './hl7-outbox.ts';
import { InfusionOrders } from './infusion-orders.ts';
import type { MessageFeed } from './message-feed.ts';
import { ehrDestination, Hl7Senders } from './hl7-senders.ts';
import { PatientRegistry } from './patient-registry.ts';
import { PumpAssociations } from './pump-associations.ts';
import { startReporters } from './reporters.ts';
import { labUnitCareAreas } from './unit-care-areas.ts';
import type { ListenAt } from '../../net/source-guard.ts';

/** What the HL7 side takes from the pump server it runs in. */
export interface PumpServerHl7Parts {
  stateDir: string;
  /** The server's `service` certificate: presented to HL7 clients and to the EHR. */
  identityName: string;
  /** The server's postures, the defaults of the HL7 side's own. */
  mutualTls: boolean;
  checkRevocation: boolean;
  store: Pick<EventStore, 'file' | 'inventory'>;
  commands: Pick<CommandSender, 'send'>;
  feed: MessageFeed;
  clock: LabClock;
  random?: Random;
  logger: Logger;
}

/** Where the HL7 listener is. */
export interface Hl7Address {
  host: string;
  port: number;
  tls: boolean;
}

/**
 * The pump server's HL7 side, running: the listener (ADT, [PCD-03]), the order desk, the patient
 * registry and associations, and the reporters and outbox senders ([PCD-01], [PCD-04], RRG^O16).
 *
 * @example
 * const hl7 = await PumpServerHl7.start({ ehr: { host, port } }, parts, { host: '127.0.0.1', port: 0 });
 * const outcome = await hl7.orders.confirmStart('ORD-1');
 * await hl7.close();
 */
export class PumpServerHl7 {
  private closed = false;

  private constructor(
    readonly address: Hl7Address,
    /** Submit orders and confirm them (`confirmStart`), as the clinician at the pump. */
    readonly orders: InfusionOrders,
    readonly patients: PatientRegistry,
    readonly associations: PumpAssociations,
    /** Counts and refusals of the outgoing messages. */
    readonly outbox: Hl7Outbox,
    private readonly listener: MllpServer,
    private readonly senders: Hl7Senders,
    private readonly stopFeed: () => void,
    private readonly db: Database.Database,
  ) {}

  /** Refusals and malformed input at the listener (for the lab's monitor). */
  get securityEvents(): MllpSecurityEvents {
    return this.listener.securityEvents;
  }

  /**
   * Opens the HL7 tables in the event store file, starts the listener on `at` and the senders, and
   * resends what a previous run left pending.
   *
   * @throws PumplabError STORE_OPEN_FAILED, PKI_UNKNOWN_NAME; a listen error (EADDRINUSE) as it is.
   */
  static async start(
    options: PumpServerHl7Options,
    parts: PumpServerHl7Parts,
    at: ListenAt,
  ): Promise<PumpServerHl7> {
    const logger = parts.logger.child({ component: 'pump-server-hl7' });
    const tls = options.tls ?? true;
    const material = tls ? loadTlsMaterial(parts.stateDir, parts.identityName) : undefined;
    const db = openHl7Database(parts.store.file);
    const patients = new PatientRegistry(db);
    const associations = new PumpAssociations(db);
    const outbox = new Hl7Outbox(db);
    const { checkRevocation, clock } = parts;
    const senders = new Hl7Senders(options, { outbox, material, checkRevocation, clock, logger });
    const random = parts.random ?? seededRandom(Date.now());
    const common = {
      controlIds: controlIds(parts.clock, random.fork('hl7-control-ids')),
      offsetMinutes: options.offsetMinutes ?? 0,
      clock: parts.clock,
      logger,
    };
    const party = {
      application: options.application ?? hl7Defaults.application,
      facility: options.facility ?? hl7Defaults.facility,
    };
    const reporters = startReporters(options, {
      ...common,
      associations,
      registry: patients,
      inventory: parts.store.inventory,
      feed: parts.feed,
      sender: party,
      toEhr: options.ehr ? (outgoing) => senders.queue(ehrDestination, outgoing) : undefined,
    });
    const orders = new InfusionOrders({
      checks: {
        registry: patients,
        inventory: parts.store.inventory,
        unitCareAreas: options.unitCareAreas ?? labUnitCareAreas,
        autoStart: options.autoStart ?? false,
      },
      commands: parts.commands,
      associations,
      clock: parts.clock,
      logger,
      ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
      onAssociated: (serial) => reporters.associated(serial),
    });
    const responder = { app: party.application, facility: party.facility };
    const mutualTls = options.mutualTls ?? parts.mutualTls;
    let listener: MllpServer;
    try {
      listener = await startHl7Listener({
        host: at.host,
        port: at.port,
        acceptFrom: at.acceptFrom,
        ...(material ? { tls: listenerTls(material, mutualTls, parts) } : {}),
        adt: { registry: patients, responder, clock: parts.clock, logger },
        pcd03: {
          ...common,
          orders,
          responder,
          routeFor: (application) => senders.routeFor(application),
          toRoute: (destination, rrg) =>
            senders.queue(destination, { kind: 'rrg-o16', serial: null, ...rrg }),
        },
        responder,
        ...(options.limits ? { limits: options.limits } : {}),
        clock: parts.clock,
        logger,
      });
    } catch (error) {
      reporters.stop();
      db.close();
      throw error;
    }
    const address = { host: at.host, port: listener.port, tls: material !== undefined };
    const hl7 = new PumpServerHl7(
      address,
      orders,
      patients,
      associations,
      outbox,
      listener,
      senders,
      reporters.stop,
      db,
    );
    senders.wakeAll();
    logger.info(
      { ...address, mutualTls: tls && mutualTls, ehr: options.ehr !== undefined },
      'HL7 listener started',
    );
    return hl7;
  }

  /**
   * Stops in order: no more feed, the listener (connections closed), the orders under way (they end
   * at once once the command sender is closed, which the server does first), then the senders;
   * what is still pending stays in the outbox for the next start.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopFeed();
    await this.listener.close();
    await this.orders.settled();
    await this.senders.close();
    this.db.close();
  }
}

function listenerTls(material: TlsMaterial, mutualTls: boolean, parts: PumpServerHl7Parts) {
  const policy = { requireClientCert: mutualTls, checkRevocation: mutualTls && parts.checkRevocation };
  return { material, policy, stateDir: parts.stateDir };
}
