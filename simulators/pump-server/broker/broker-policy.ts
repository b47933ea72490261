import type { Logger } from '../../../core/logger.ts';
import type { ContractMessage } from '../contract-message.ts';
import type { BrokerLimits } from './broker-limits.ts';
import type { Principal } from './principal.ts';
import type { SecurityEvents } from './security-events.ts';

/** The two controls the broker's hooks obey (DESIGN.md, controls). */
export interface BrokerControls {
  /** Clients authenticate by certificate (SP 1800-8 Vol B 4.5, device authentication). */
  mutualTls: boolean;
  /** Topics authorized by identity: a pump publishes under its own serial and reads its own commands. */
  authorization: boolean;
}

/**
 * Receives every contract message the broker accepts, synchronously and before the broker
 * acknowledges it (the PUBACK of MQTT 3.1.1 4.3.2 follows only when this returns). Throwing refuses
 * the message: the client's connection closes and the pump resends it later.
 */
export type MessageSink = (message: ContractMessage, from: Principal) => void;

/** What the broker's hooks share. */
export interface HookContext {
  controls: BrokerControls;
  limits: BrokerLimits;
  events: SecurityEvents;
  sink: MessageSink;
  logger: Logger;
}
