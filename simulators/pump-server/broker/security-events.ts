import { EventEmitter } from 'node:events';
import type { Clock } from '../../../core/clock.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';

/** What the broker refused, in the words the gateway's monitor uses. */
export const securityEventKinds = [
  /** The TLS handshake failed: no certificate, an untrusted or revoked one, not TLS at all. */
  'tls-failure',
  /** CONNECT refused (CONNACK 0x02 or 0x05, MQTT 3.1.1 3.2.2.3). */
  'auth-denied',
  /** A PUBLISH outside what the client may publish; its connection is closed (MQTT 3.1.1 3.3.5). */
  'publish-denied',
  /** A SUBSCRIBE outside what the client may read; answered 0x80 (MQTT 3.1.1 3.9.3). */
  'subscribe-denied',
  /** A payload on a contract topic that fails its schema. */
  'schema-rejected',
  /** A packet or payload over the broker's limits. */
  'oversized',
  /** Bytes that are not MQTT 3.1.1 (MQTT 3.1.1 4.8: the server closes the connection). */
  'malformed',
  /** A connection over the broker's cap, dropped before its handshake. */
  'connection-limit',
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

/** One refusal, with enough to find the client again. */
export interface SecurityEvent {
  /** ISO time on the lab clock. */
  at: string;
  kind: SecurityEventKind;
  /** A stable catalogue code for the refusal. */
  code: ErrorCode;
  /** Remote address and port, `203.0.113.5:51234`. */
  source: string;
  /** Who the client proved or claimed to be: a pump serial or a certificate name. */
  identity?: string;
  clientId?: string;
  topic?: string;
  /** One sentence on what was refused and why. */
  detail: string;
}

export interface SecurityEventMap {
  event: [SecurityEvent];
}

/** How many events {@link SecurityEvents.recent} keeps. */
const defaultKeep = 1000;

/**
 * The broker's feed of security events: an EventEmitter (`on('event', ...)`) for the gateway's
 * monitor, plus the most recent events for the dashboard. Every event is also logged at warn.
 *
 * @example server.securityEvents.on('event', (event) => monitor.alert(event));
 */
export class SecurityEvents extends EventEmitter<SecurityEventMap> {
  private readonly kept: SecurityEvent[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly keep = defaultKeep,
  ) {
    super();
  }

  /** Records and emits one event; `at` is stamped from the lab clock. */
  raise(event: Omit<SecurityEvent, 'at'>): SecurityEvent {
    const stamped: SecurityEvent = { at: new Date(this.clock.now()).toISOString(), ...event };
    this.kept.push(stamped);
    if (this.kept.length > this.keep) this.kept.shift();
    this.logger.warn({ securityEvent: stamped }, `security event ${stamped.kind}: ${stamped.detail}`);
    this.emit('event', stamped);
    return stamped;
  }

  /** The most recent events, oldest first, optionally of one kind. */
  recent(kind?: SecurityEventKind): SecurityEvent[] {
    return kind === undefined ? [...this.kept] : this.kept.filter((event) => event.kind === kind);
  }
}
