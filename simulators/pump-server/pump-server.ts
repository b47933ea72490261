import { ScaledClock, type LabClock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { MessageSink } from './broker/broker-policy.ts';
import { MqttBroker, type BrokerAddress } from './broker/mqtt-broker.ts';
import { SecurityEvents } from './broker/security-events.ts';
import { CommandSender } from './command-sender.ts';
import { isEnveloped } from './contract-message.ts';
import { EventStore, eventStoreFile, type FleetInventory } from './event-store.ts';
import { MessageFeed } from './hl7/message-feed.ts';
import type { PumpServerHl7 } from './hl7/pump-server-hl7.ts';
import { OnlineTracker } from './online-tracker.ts';
import type { DrugLibraryService } from './drug-library-service.ts';
import type { FirmwareCatalog } from './firmware-catalog.ts';
import type { FirmwareRollouts } from './firmware-rollouts.ts';
import {
  apiOptions,
  brokerOptions,
  startHl7Side,
  type PumpServerAddresses,
  type PumpServerListen,
  type PumpServerOptions,
} from './pump-server-options.ts';
import { startServerApi, type RestAddress, type ServerApi } from './server-api.ts';

export type { BrokerAddress } from './broker/mqtt-broker.ts';
export type { RestAddress } from './server-api.ts';
export type { PumpServerAddresses, PumpServerOptions } from './pump-server-options.ts';
export type { SecurityEvent, SecurityEventKind } from './broker/security-events.ts';

interface Running {
  store: EventStore;
  online: OnlineTracker;
  commands: CommandSender;
  broker: MqttBroker;
  api: ServerApi;
  hl7: PumpServerHl7 | undefined;
}

/**
 * The pump management server (SP 1800-8 Vol B 3.4), one product: the MQTT broker pumps report to,
 * the durable event store and fleet inventory it fills, the feed of security events, the command
 * sender, and the REST API over HTTPS with the drug library, firmware and rollout services.
 *
 * @example
 * const server = new PumpServer({ stateDir: '.pumplab', logger });
 * const { mqtt, rest } = await server.start({ host: '127.0.0.1', mqttPort: 8883, restPort: 8443 });
 * server.securityEvents.on('event', (event) => monitor.alert(event));
 * await server.commands.send('PL00001', { kind: 'report-status' });
 * await server.close();
 */
export class PumpServer {
  /** Every refusal the broker makes; subscribe before `start()` to miss none. */
  readonly securityEvents: SecurityEvents;
  /** Every pump message once, after it was stored (message-feed.ts); subscribe before `start()`. */
  readonly feed: MessageFeed;
  private readonly clock: LabClock;
  private readonly logger: Logger;
  private running: Running | undefined;
  private starting: Promise<PumpServerAddresses> | undefined;

  constructor(private readonly options: PumpServerOptions) {
    this.clock = options.clock ?? new ScaledClock();
    this.logger = (options.logger ?? silentLogger).child({ component: 'pump-server' });
    this.securityEvents = new SecurityEvents(this.clock, this.logger.child({ component: 'broker-security' }));
    this.feed = new MessageFeed(this.logger);
  }

  /**
   * Opens the event store, starts the broker on `host:mqttPort` (default 8883) and the REST API on
   * `host:restPort`. Port 0 picks a free one, and is the REST default: the lab's well-known 8443 is
   * for whoever runs the lab to ask for (`pumplab up`), so a server started by a test or a benchmark
   * never collides with it. With `options.hl7`, the HL7 listener starts on `host:hl7Port` (default 0).
   * Read the bound ports from what this resolves with.
   *
   * @throws PumplabError STORE_OPEN_FAILED, PKI_UNKNOWN_NAME, PKI_CRL_INVALID, or BROKER_CLOSED when
   *   already started; a listen error (EADDRINUSE) as it is. A failed start leaves nothing open.
   */
  start(at: PumpServerListen = {}): Promise<PumpServerAddresses> {
    if (this.starting) {
      return Promise.reject(new PumplabError('BROKER_CLOSED', 'The pump server was already started.', {}));
    }
    this.starting = this.startUnlocked(at);
    return this.starting;
  }

  /** The event store; only while started. */
  get store(): EventStore {
    return this.current().store;
  }

  /** The fleet inventory; only while started. */
  get inventory(): FleetInventory {
    return this.current().store.inventory;
  }

  /** Sends commands to pumps; only while started. */
  get commands(): CommandSender {
    return this.current().commands;
  }

  /** Where the broker listens; only while started. */
  get mqttAddress(): BrokerAddress {
    return this.current().broker.address;
  }

  /** Where the REST API listens; only while started. */
  get restAddress(): RestAddress {
    return this.current().api.address;
  }

  /** Drug libraries: create, sign, distribute per care area; only while started. */
  get libraries(): DrugLibraryService {
    return this.current().api.libraries;
  }

  /** Firmware versions the server holds, signed; only while started. */
  get firmware(): FirmwareCatalog {
    return this.current().api.firmware;
  }

  /** The HL7 side (orders, `confirmStart`, patients, outbox); only while started with `options.hl7`. */
  get hl7(): PumpServerHl7 | undefined {
    return this.current().hl7;
  }

  /** Firmware rollouts in waves; only while started. */
  get rollouts(): FirmwareRollouts {
    return this.current().api.rollouts;
  }

  /**
   * Stops in order: the REST API (connections ended) and the release services, the command sender
   * (waiting commands fail), the HL7 side (its outbox kept), the broker (every client disconnected),
   * and last the event store.
   */
  async close(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.api.close();
    running.commands.close();
    await running.hl7?.close();
    await running.broker.close();
    running.online.stop();
    running.store.close();
    this.logger.info('pump server closed');
  }

  private async startUnlocked(at: PumpServerListen): Promise<PumpServerAddresses> {
    const { options } = this;
    const { host = '127.0.0.1', mqttPort = 8883, restPort = 0, hl7Port = 0, acceptFrom } = at;
    const store = EventStore.open(options.storeFile ?? eventStoreFile(options.stateDir), {
      clock: this.clock,
      logger: this.logger,
      ...(options.durability ? { durability: options.durability } : {}),
    });
    store.markAllOffline();
    const online = new OnlineTracker(store, this.logger);
    let commands: CommandSender | undefined;
    let broker: MqttBroker | undefined;
    let api: ServerApi | undefined;
    try {
      const sink = this.sink(store, online, () => commands);
      const events = this.securityEvents;
      broker = await MqttBroker.start(brokerOptions(options, { sink, events, logger: this.logger }), {
        host,
        port: mqttPort,
        acceptFrom,
      });
      const published = broker;
      online.attach(broker.aedes);
      commands = new CommandSender({
        publish: (topic, payload, publishOptions) => published.publish(topic, payload, publishOptions),
        clock: this.clock,
        logger: this.logger,
        ...(options.random ? { random: options.random } : {}),
        ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
      });
      const parts = { store, sender: commands, clock: this.clock, logger: this.logger };
      api = await startServerApi(apiOptions(options, parts), { host, port: restPort, acceptFrom });
      const hl7 = await startHl7Side(
        options,
        { ...parts, commands, feed: this.feed },
        { host, port: hl7Port, acceptFrom },
      );
      this.running = { store, online, commands, broker, api, hl7 };
      return { mqtt: broker.address, rest: api.address, ...(hl7 ? { hl7: hl7.address } : {}) };
    } catch (error) {
      await api?.close();
      commands?.close();
      await broker?.close();
      online.stop();
      store.close();
      throw error;
    }
  }

  /** Where accepted messages go: the store records each before the broker acknowledges it. */
  private sink(
    store: EventStore,
    online: OnlineTracker,
    commands: () => CommandSender | undefined,
  ): MessageSink {
    return (message) => {
      if (isEnveloped(message)) {
        const { isNew } = store.record(message);
        if (isNew) this.feed.publish(message);
        else this.logger.debug({ pump: message.serial, seq: message.body.seq }, 'duplicate message');
        if (message.channel === 'command-results') commands()?.resolve(message.body);
      } else if (message.channel === 'presence') {
        online.presence(message.serial, message.body.online);
        this.feed.publish(message);
      }
    };
  }

  private current(): Running {
    if (!this.running) throw new PumplabError('BROKER_CLOSED', 'The pump server is not running.', {});
    return this.running;
  }
}
