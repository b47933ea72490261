import type { Clock } from '../../core/clock.ts';
import type { RuleRef } from '../policy/zone-policy.ts';

/** How fast one source may open connections through the gateway. */
export interface ConnectionRate {
  /** New connections one source address may open within `windowMs`. */
  connections: number;
  /** The sliding window, lab ms (the injected clock: a flood is judged in the lab's time). */
  windowMs: number;
}

/**
 * The rate the lab's "rate limits" control turns on: 20 new connections per 10 s of lab time. A
 * pump opens one MQTT session and keeps it; a server opens a few HL7 connections a minute; a scan
 * or a flood opens hundreds (ADVISORIES.md pattern 7, CVE-2015-3958).
 */
export const defaultConnectionRate: ConnectionRate = {
  connections: 20, // connections
  windowMs: 10_000, // 10 s of lab time
};

/** The name a rate-limit refusal carries as its rule's `policy` in the decision log. */
export const rateLimitRuleName = 'rate-limit';

/** The rule a refusal by the rate limit is logged under: `policy: 'rate-limit'`, no number or line. */
export const rateLimitRule = (rate: ConnectionRate): RuleRef => ({
  policy: rateLimitRuleName,
  number: null,
  line: null,
  why: `source opened ${rate.connections} connections within ${rate.windowMs / 1000} s (rate limit)`,
});

/** Sources kept before forgotten ones are swept, so a spoofing flood cannot grow memory. */
const sweepAbove = 4_096;

/**
 * A sliding-window limit on new connections per source address: remembers the lab times of the
 * last `connections` it let through for each source, and refuses one more inside the window.
 * Refused attempts do not count, so a source that slows down gets through again.
 */
export class ConnectionRateLimiter {
  private readonly opened = new Map<string, number[]>();
  /** The rule its refusals are logged under. */
  readonly rule: RuleRef;

  constructor(
    private readonly rate: ConnectionRate,
    private readonly clock: Clock,
  ) {
    this.rule = rateLimitRule(rate);
  }

  /** Counts a new connection from `source`; false when it would exceed the rate. */
  admit(source: string): boolean {
    const now = this.clock.now();
    const recent = this.recent(source, now);
    if (recent.length >= this.rate.connections) return false;
    recent.push(now);
    this.opened.set(source, recent);
    if (this.opened.size > sweepAbove) this.sweep(now);
    return true;
  }

  private recent(source: string, now: number): number[] {
    const since = now - this.rate.windowMs;
    return (this.opened.get(source) ?? []).filter((at) => at > since);
  }

  private sweep(now: number): void {
    for (const source of [...this.opened.keys()]) {
      if (this.recent(source, now).length === 0) this.opened.delete(source);
    }
  }
}
