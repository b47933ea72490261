import type { LabClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import type { BrokerLimits } from './broker/broker-limits.ts';
import type { MessageSink } from './broker/broker-policy.ts';
import type { BrokerAddress, MqttBrokerOptions } from './broker/mqtt-broker.ts';
import type { SecurityEvents } from './broker/security-events.ts';
import type { StoreDurability } from './event-store.ts';
import type { PumpServerHl7Options } from './hl7/hl7-options.ts';
import { PumpServerHl7, type Hl7Address, type PumpServerHl7Parts } from './hl7/pump-server-hl7.ts';
import type { RolloutPolicy } from './rollout-status.ts';
import type { RestAddress, ServerApiOptions } from './server-api.ts';
import type { AcceptFrom, ListenAt } from '../net/source-guard.ts';

/** How a pump server is set up: its state, identities, controls (postures) and limits. */
export interface PumpServerOptions {
  /** The lab state directory: its PKI, and the event and release stores under `pump-server/`. */
  stateDir: string;
  /** The server's lab certificate (a `service` certificate) for MQTT and REST; default `pump-server`. */
  identityName?: string;
  /** The code-signing identity for drug libraries and firmware; default `drug-library-signer`. */
  signerName?: string;
  /** Control: pumps authenticate with their device certificates. Default on. */
  mutualTls?: boolean;
  /** Control: topics authorized by identity. Default on. */
  brokerAuthorization?: boolean;
  /** Control: client certificates checked against the CRLs (with mutual TLS). Default on. */
  checkRevocation?: boolean;
  /** With mutual TLS off: one-way TLS (default) or, when false, MQTT in clear over TCP. */
  tls?: boolean;
  /** Control: REST clients must present a lab certificate. Default off (HTTPS, server-authenticated). */
  restMutualTls?: boolean;
  /** Lab time for the store, commands and rollouts; default real time. */
  clock?: LabClock;
  logger?: Logger;
  /** Seeds command ids, distribution and rollout ids. */
  random?: Random;
  rolloutPolicy?: Partial<RolloutPolicy>;
  limits?: Partial<BrokerLimits>;
  durability?: StoreDurability;
  /** Real milliseconds a command waits for its result; default 30 s. */
  commandTimeoutMs?: number;
  /** Default `<stateDir>/pump-server/events.sqlite`. */
  storeFile?: string;
  /** The HL7 side (ADT and PCD-03 in; PCD-01 and PCD-04 out); not started without it. */
  hl7?: PumpServerHl7Options;
}

/** Where to listen: `host` (default 127.0.0.1), MQTT (8883), REST (0, a free port), HL7 (0). */
export interface PumpServerListen {
  host?: string;
  mqttPort?: number;
  restPort?: number;
  hl7Port?: number;
  /** Whom every listener takes connections from (a zoned lab: the server's own zone). */
  acceptFrom?: AcceptFrom;
}

/** Where the server listens once started. */
export interface PumpServerAddresses {
  mqtt: BrokerAddress;
  rest: RestAddress;
  /** Only when the HL7 side runs. */
  hl7?: Hl7Address;
}

const defaultIdentity = 'pump-server';
const defaultSigner = 'drug-library-signer';

/** The broker's options, with the server's defaults: mutual TLS, authorization and revocation on. */
export function brokerOptions(
  options: PumpServerOptions,
  parts: { sink: MessageSink; events: SecurityEvents; logger: Logger },
): MqttBrokerOptions {
  return {
    stateDir: options.stateDir,
    identityName: options.identityName ?? defaultIdentity,
    controls: { mutualTls: options.mutualTls ?? true, authorization: options.brokerAuthorization ?? true },
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    checkRevocation: options.checkRevocation ?? true,
    ...(options.limits ? { limits: options.limits } : {}),
    ...parts,
  };
}

/** The API side's options: the same identity as the broker, REST mutual TLS off unless asked. */
export function apiOptions(
  options: PumpServerOptions,
  parts: Pick<ServerApiOptions, 'store' | 'sender' | 'clock' | 'logger'>,
): ServerApiOptions {
  return {
    stateDir: options.stateDir,
    identityName: options.identityName ?? defaultIdentity,
    signerName: options.signerName ?? defaultSigner,
    mutualTls: options.restMutualTls ?? false,
    checkRevocation: options.checkRevocation ?? true,
    ...(options.random ? { random: options.random.fork('releases') } : {}),
    ...(options.rolloutPolicy ? { rolloutPolicy: options.rolloutPolicy } : {}),
    ...parts,
  };
}

/**
 * Starts the HL7 side when the options ask for one, with the same identity and postures as the
 * broker; resolves with undefined otherwise.
 */
export async function startHl7Side(
  options: PumpServerOptions,
  parts: Pick<PumpServerHl7Parts, 'store' | 'commands' | 'feed' | 'clock' | 'logger'>,
  at: ListenAt,
): Promise<PumpServerHl7 | undefined> {
  if (!options.hl7) return undefined;
  const hl7Parts: PumpServerHl7Parts = {
    stateDir: options.stateDir,
    identityName: options.identityName ?? defaultIdentity,
    mutualTls: options.mutualTls ?? true,
    checkRevocation: options.checkRevocation ?? true,
    ...(options.random ? { random: options.random.fork('hl7') } : {}),
    ...parts,
  };
  return PumpServerHl7.start(options.hl7, hl7Parts, at);
}
