import tls from 'node:tls';
import { MqttClient, Store, type IClientOptions } from 'mqtt';
import type { LabClock, TimerHandle } from '../../../core/clock.ts';
import type { Random } from '../../../core/random.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import { channels, pumpTopic, type Channel } from '../../contract/topics.ts';
import { commandSchema, type Command } from '../../contract/server-commands.ts';
import type { StatusMessage } from '../../contract/pump-messages.ts';
import { Outbox } from './outbox.ts';
import { Backoff, defaultBackoff, type BackoffPolicy } from './backoff.ts';
import { brokerSocketBuilder } from './broker-socket.ts';

/** What the link needs of a pump: its messages out, its commands in, its alarm for lost comms. */
export interface LinkedPump {
  readonly identity: { serial: string };
  onMessage(listener: (message: { channel: Channel; payload: { seq: number } }) => void): () => void;
  handleCommand(command: Command): unknown;
  raiseAlarm(code: 'communication-lost'): void;
  clearAlarm(code: 'communication-lost'): void;
  status(): StatusMessage;
  /** Reports messages the outbox had to drop (a `buffer-overflow` event), when the pump supports it. */
  reportBufferOverflow?(dropped: number): void;
}

export interface MqttLinkOptions {
  /** `mqtts://host:port` (TLS) or `mqtt://host:port` (clear text, for insecure postures). */
  brokerUrl: string;
  /** Client certificate, key, lab root, CRLs and server name (from pki/tls clientTlsOptions). */
  tls?: Pick<IClientOptions, 'key' | 'cert' | 'ca' | 'rejectUnauthorized' | 'servername'> & {
    crl?: string[];
  };
  /** The address the pump speaks from (its own address in a zoned lab). */
  localAddress?: string;
  random: Random;
  clock: LabClock;
  logger?: Logger;
  /** Events and results held while offline (default 1,000); the latest status is kept apart. */
  bufferCapacity?: number;
  /** QoS 1 messages awaiting PUBACK at once (default 20). */
  maxInFlight?: number;
  backoff?: BackoffPolicy;
  /** Lab milliseconds offline before the pump raises its communication-lost alarm (default 60 s). */
  communicationLostAfterMs?: number;
}

interface Outgoing {
  topic: string;
  body: string;
  retain: boolean;
}

/** Counters a fleet and a benchmark read. */
export interface LinkStats {
  connected: boolean;
  published: number;
  acknowledged: number;
  dropped: number;
  buffered: number;
  reconnects: number;
}

/**
 * The pump's MQTT 3.1.1 connection to its pump server: persistent session (clean session 0, MQTT
 * 3.1.1 3.1.2.4) under its serial as client id, QoS 1 for everything, a retained last will on
 * `presence`, reconnect with backoff and jitter, and a bounded store-and-forward outbox.
 */
export class MqttLink {
  private client: MqttClient | undefined;
  private readonly outbox: Outbox<Outgoing>;
  private latestStatus: Outgoing | undefined;
  /** The pump's report of what the outbox dropped: kept apart, so reporting a loss never causes one. */
  private readonly lossReports: Outgoing[] = [];
  private reportingLoss = false;
  private readonly backoff: Backoff;
  private readonly logger: Logger;
  private inFlight = 0;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private communicationLostTimer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly counters = { published: 0, acknowledged: 0, dropped: 0, reconnects: 0 };
  /**
   * The session's packet stores, kept across reconnects: `client.reconnect()` without them starts
   * empty stores, and QoS 1 publishes awaiting PUBACK would be neither resent nor ever settled
   * (MQTT 3.1.1 4.4: a client resends unacknowledged PUBLISH packets when it reconnects).
   */
  private readonly stores = { incomingStore: new Store(), outgoingStore: new Store() };

  constructor(
    private readonly pump: LinkedPump,
    private readonly options: MqttLinkOptions,
  ) {
    this.outbox = new Outbox(options.bufferCapacity ?? 1_000);
    this.backoff = new Backoff(options.backoff ?? defaultBackoff, options.random);
    this.logger = (options.logger ?? silentLogger).child({
      component: 'pump-link',
      pump: pump.identity.serial,
    });
  }

  /** Connects, and keeps reconnecting until closed. */
  start(): void {
    const serial = this.pump.identity.serial;
    this.unsubscribe = this.pump.onMessage((message) => this.enqueue(message.channel, message.payload));
    // One secure context per link, reused on every reconnect: from PEM strings Node would parse the
    // key, chain, CA and CRLs again for each attempt (~2 ms; it halved the fleet's CPU in a connect
    // storm of 5,000 pumps, bench/fleet-scale.bench.ts).
    const secureContext = this.options.tls ? tls.createSecureContext(this.options.tls) : undefined;
    const openSocket = brokerSocketBuilder({
      brokerUrl: this.options.brokerUrl,
      ...(secureContext ? { secureContext } : {}),
      ...(this.options.tls?.servername ? { servername: this.options.tls.servername } : {}),
      ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
      rejectUnauthorized: this.options.tls?.rejectUnauthorized !== false,
    });
    this.client = new MqttClient(openSocket, {
      clientId: serial,
      protocolVersion: 4,
      clean: false,
      keepalive: 30,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      ...this.stores,
      will: {
        topic: pumpTopic(serial, 'presence'),
        payload: Buffer.from(JSON.stringify({ serial, online: false })),
        qos: 1,
        retain: true,
      },
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (error) => this.logger.warn({ err: error.message }, 'connection error'));
    this.client.on('message', (_topic, payload) => this.onCommand(payload));
    this.startCommunicationLostTimer();
  }

  /** Resolves when the first connection attempt ends, connected or not: how a fleet paces its start. */
  firstAttempt(): Promise<void> {
    const client = this.client;
    if (!client || client.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        client.off('connect', done);
        client.off('close', done);
        resolve();
      };
      client.once('connect', done);
      client.once('close', done);
    });
  }

  get stats(): LinkStats {
    return {
      connected: this.client?.connected ?? false,
      buffered: this.outbox.size + this.lossReports.length + (this.latestStatus ? 1 : 0),
      ...this.counters,
    };
  }

  /** Disconnects cleanly (the will is not published: MQTT 3.1.1 3.14.4). */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    clearTimeout(this.reconnectTimer);
    this.communicationLostTimer?.cancel();
    await this.client?.endAsync();
  }

  /** Drops the connection without DISCONNECT, as a lost Wi-Fi link would (the broker sends the will). */
  dropConnection(): void {
    this.client?.stream.destroy();
  }

  private enqueue(channel: Channel, payload: unknown): void {
    const outgoing = {
      topic: pumpTopic(this.pump.identity.serial, channel),
      body: JSON.stringify(payload),
      retain: channels[channel].retain,
    };
    if (channel === 'status') this.latestStatus = outgoing;
    else if (this.reportingLoss) this.lossReports.push(outgoing);
    else if (this.outbox.push(outgoing)) this.counters.dropped += 1;
    this.drain();
  }

  private drain(): void {
    const client = this.client;
    const maxInFlight = this.options.maxInFlight ?? 20;
    while (client?.connected && this.inFlight < maxInFlight) {
      const next = this.lossReports.shift() ?? this.outbox.shift() ?? this.takeStatus();
      if (!next) return;
      this.inFlight += 1;
      this.counters.published += 1;
      client.publish(next.topic, next.body, { qos: 1, retain: next.retain }, (error) => {
        this.inFlight -= 1;
        // mqtt.js keeps unacknowledged QoS 1 packets across reconnects; an error means it gave up.
        if (error) this.outbox.unshift(next);
        else this.counters.acknowledged += 1;
        this.drain();
      });
    }
  }

  private takeStatus(): Outgoing | undefined {
    const status = this.latestStatus;
    this.latestStatus = undefined;
    return status;
  }

  private onConnect(): void {
    const serial = this.pump.identity.serial;
    this.backoff.reset();
    this.communicationLostTimer?.cancel();
    this.communicationLostTimer = undefined;
    this.pump.clearAlarm('communication-lost');
    this.logger.info('connected');
    this.client?.subscribe(pumpTopic(serial, 'commands'), { qos: 1 });
    const presence = { serial, online: true, at: new Date(this.options.clock.now()).toISOString() };
    this.client?.publish(pumpTopic(serial, 'presence'), JSON.stringify(presence), { qos: 1, retain: true });
    const dropped = this.outbox.takeDropped();
    if (dropped > 0) this.reportLoss(dropped);
    this.enqueue('status', this.pump.status());
  }

  /**
   * Has the pump report the drops, and sends that report first. Pushed into a full outbox it would
   * evict the oldest message kept, a loss the report does not count.
   */
  private reportLoss(dropped: number): void {
    this.reportingLoss = true;
    try {
      this.pump.reportBufferOverflow?.(dropped);
    } finally {
      this.reportingLoss = false;
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.startCommunicationLostTimer();
    const delay = this.backoff.next();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.counters.reconnects += 1;
      this.client?.reconnect(this.stores);
    }, delay);
  }

  private onCommand(payload: Buffer): void {
    let parsed: ReturnType<typeof commandSchema.safeParse>;
    try {
      parsed = commandSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      this.logger.warn({ bytes: payload.length }, 'command is not JSON; ignored');
      return;
    }
    if (!parsed.success) {
      this.logger.warn({ issues: parsed.error.issues.length }, 'command fails its schema; ignored');
      return;
    }
    this.pump.handleCommand(parsed.data);
  }

  private startCommunicationLostTimer(): void {
    if (this.communicationLostTimer || this.closed) return;
    this.communicationLostTimer = this.options.clock.setTimer(
      this.options.communicationLostAfterMs ?? 60_000,
      () => this.pump.raiseAlarm('communication-lost'),
    );
  }
}
