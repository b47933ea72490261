import { EventEmitter } from 'node:events';
import type { Clock } from '../../../core/clock.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';

/** What an MLLP listener refused, in the words the gateway's monitor uses (as the broker's feed). */
export const mllpSecurityEventKinds = [
  /** The TLS handshake failed: no certificate, an untrusted or revoked one, not TLS at all. */
  'tls-failure',
  /** A framed message that is not HL7 v2: answered with a NAK (AR/CR, ERR 100 or 102). */
  'malformed',
  /** A message refused for its type, event, version or structure: answered AR/AE (CR/CE) with ERR. */
  'rejected',
  /** A frame beyond maxFrameBytes: the connection is closed. */
  'oversized',
  /** Bytes outside any MLLP block (MLLP R2 2.1), dropped. */
  'garbage',
  /** A frame started and not finished within readTimeoutMs (a slow sender): the connection is closed. */
  'read-timeout',
  /** A connection over the listener's cap, dropped before its handshake. */
  'connection-limit',
] as const;
export type MllpSecurityEventKind = (typeof mllpSecurityEventKinds)[number];

/** One refusal, with enough to find the peer again. */
export interface MllpSecurityEvent {
  /** ISO time on the lab clock. */
  at: string;
  kind: MllpSecurityEventKind;
  code: ErrorCode;
  /** Remote address and port, `127.0.0.1:51234`. */
  source: string;
  /** The certificate name the peer proved, under TLS with a client certificate. */
  identity?: string;
  /** MSH-9 and MSH-10 of the message concerned, when they could be read. */
  messageType?: string;
  controlId?: string;
  /** One sentence on what was refused and why. */
  detail: string;
}

export interface MllpSecurityEventMap {
  event: [MllpSecurityEvent];
}

/**
 * The listener's feed of security events: `on('event', ...)` for the monitor, plus the most recent
 * events. Every event is also logged at warn.
 *
 * @example server.securityEvents.on('event', (event) => monitor.alert(event));
 */
export class MllpSecurityEvents extends EventEmitter<MllpSecurityEventMap> {
  private readonly kept: MllpSecurityEvent[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly keep = 1000,
  ) {
    super();
  }

  /** Records and emits one event; `at` is stamped from the lab clock. */
  raise(event: Omit<MllpSecurityEvent, 'at'>): MllpSecurityEvent {
    const stamped: MllpSecurityEvent = { at: new Date(this.clock.now()).toISOString(), ...event };
    this.kept.push(stamped);
    if (this.kept.length > this.keep) this.kept.shift();
    this.logger.warn({ securityEvent: stamped }, `security event ${stamped.kind}: ${stamped.detail}`);
    this.emit('event', stamped);
    return stamped;
  }

  /** The most recent events, oldest first, optionally of one kind. */
  recent(kind?: MllpSecurityEventKind): MllpSecurityEvent[] {
    return kind === undefined ? [...this.kept] : this.kept.filter((event) => event.kind === kind);
  }
}
