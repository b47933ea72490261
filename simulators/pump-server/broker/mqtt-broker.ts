import { Aedes } from 'aedes';
import type { Logger } from '../../../core/logger.ts';
import { PumplabError } from '../../../core/errors.ts';
import { loadTlsMaterial } from '../../../pki/tls/tls-material.ts';
import { brokerDefaults, type BrokerLimits } from './broker-limits.ts';
import type { BrokerControls, HookContext, MessageSink } from './broker-policy.ts';
import { authenticateHook } from './authenticate.ts';
import { authorizePublishHook } from './authorize-publish.ts';
import { authorizeSubscribeHook } from './authorize-subscribe.ts';
import { watchClientErrors } from './client-errors.ts';
import { indexedRetainedPersistence } from './indexed-retained-persistence.ts';
import { MqttListener, type Transport } from './mqtt-listener.ts';
import type { SecurityEvents } from './security-events.ts';
import type { ListenAt } from '../../net/source-guard.ts';

export interface MqttBrokerOptions {
  stateDir: string;
  /** The broker's own lab certificate name (a `service` certificate). */
  identityName: string;
  controls: BrokerControls;
  /** With mutual TLS off: one-way TLS (default) or plain TCP. */
  tls?: boolean;
  checkRevocation: boolean;
  limits?: Partial<BrokerLimits>;
  sink: MessageSink;
  events: SecurityEvents;
  logger: Logger;
}

/** Where the broker listens. */
export interface BrokerAddress {
  host: string;
  port: number;
  /** `mqtts` over TLS, `mqtt` over plain TCP. */
  protocol: 'mqtts' | 'mqtt';
}

/**
 * The pump server's MQTT 3.1.1 broker: aedes behind the lab listener, with the lab's
 * authentication and authorization hooks. Commands go out through {@link MqttBroker.publish}.
 *
 * @example
 * const broker = await MqttBroker.start(options, { host: '127.0.0.1', port: 8883 });
 * await broker.publish('pumplab/v1/pumps/PL00001/commands', payload);
 * await broker.close();
 */
export class MqttBroker {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly aedes: Aedes,
    private readonly listener: MqttListener,
    readonly address: BrokerAddress,
  ) {}

  /**
   * Creates the broker and listens. Loads the TLS identity from the lab PKI unless on plain TCP.
   *
   * @throws PumplabError PKI_UNKNOWN_NAME, PKI_STORE_NOT_INITIALISED, PKI_CRL_INVALID
   */
  static async start(options: MqttBrokerOptions, at: ListenAt): Promise<MqttBroker> {
    const limits: BrokerLimits = { ...brokerDefaults, ...options.limits };
    const transport: Transport = options.controls.mutualTls
      ? 'mutual-tls'
      : options.tls === false
        ? 'tcp'
        : 'tls';
    const logger = options.logger.child({ component: 'mqtt-broker' });
    const context: HookContext = {
      controls: options.controls,
      limits,
      events: options.events,
      sink: options.sink,
      logger,
    };
    const material =
      transport === 'tcp' ? undefined : loadTlsMaterial(options.stateDir, options.identityName);
    const aedes = await Aedes.createBroker({
      persistence: indexedRetainedPersistence(),
      authenticate: authenticateHook(context),
      authorizePublish: authorizePublishHook(context),
      authorizeSubscribe: authorizeSubscribeHook(context),
      connectTimeout: limits.connectTimeoutMs,
      keepaliveLimit: limits.keepaliveLimitSeconds,
      drainTimeout: limits.drainTimeoutMs,
      maxClientsIdLength: limits.maxClientIdLength,
      maxTopicLevels: limits.maxTopicLevels,
    });
    watchClientErrors(aedes, context);
    const listener = new MqttListener({
      transport,
      material,
      checkRevocation: options.checkRevocation,
      stateDir: options.stateDir,
      limits,
      events: options.events,
      logger,
      onConnection: (connection) => aedes.handle(connection),
    });
    try {
      const bound = await listener.listen(at);
      const address: BrokerAddress = {
        host: bound.address,
        port: bound.port,
        protocol: transport === 'tcp' ? 'mqtt' : 'mqtts',
      };
      logger.info(
        { ...address, transport, authorization: options.controls.authorization },
        'broker listening',
      );
      return new MqttBroker(aedes, listener, address);
    } catch (error) {
      await listener.close();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      throw error;
    }
  }

  /**
   * Publishes from the server itself (it bypasses `authorizePublish`: the server is the commands'
   * publisher). Resolves once aedes has handed the message to every subscriber's session.
   */
  publish(topic: string, payload: Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    if (this.closing) {
      return Promise.reject(new PumplabError('BROKER_CLOSED', 'The broker is closed.', { topic }));
    }
    return new Promise((resolve, reject) => {
      this.aedes.publish(
        { cmd: 'publish', topic, payload, qos: options.qos, retain: options.retain, dup: false },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }

  /** Stops listening, disconnects every client and closes aedes. A second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.listener.close();
      await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    })();
    return this.closing;
  }
}
