import { EventEmitter, on } from 'node:events';
import { z } from 'zod';
import type { Verdict } from '../policy/policy-schema.ts';
import type { RuleRef } from '../policy/zone-policy.ts';

/** One decision of the gateway, as logged, queried and streamed to the dashboard. */
export interface DecisionRecord {
  /** Lab time (injected clock), ms since the epoch. */
  at: number;
  fromAddress: string;
  fromZone: string;
  toZone: string;
  service: string;
  verdict: Verdict;
  rule: RuleRef;
}

/** A query on the decision log; the schema is the boundary for API input. */
export const decisionQuerySchema = z.strictObject({
  verdict: z.enum(['allow', 'deny']).optional(),
  fromZone: z.string().optional(),
  /** Only decisions at or after this lab time. */
  since: z.number().optional(),
  /** Newest first, at most this many. */
  limit: z.number().int().min(1).max(10_000).default(100),
});
export type DecisionQuery = z.input<typeof decisionQuerySchema>;

/**
 * The gateway's decision log: every cross-zone decision (SP 1800-8 Vol B 4.2: every connection
 * decided and logged), kept in a ring buffer of `capacity` entries so a flood cannot grow memory,
 * queryable, and streamed live to subscribers.
 */
export class DecisionLog {
  private readonly ring: (DecisionRecord | undefined)[];
  private next = 0;
  private count = 0;
  private readonly events = new EventEmitter();

  constructor(readonly capacity = 10_000) {
    this.ring = new Array<DecisionRecord | undefined>(capacity);
    // The dashboard, monitor and tests may all listen: no leak warning for a handful.
    this.events.setMaxListeners(100);
  }

  /** Appends a decision and streams it to subscribers. */
  record(decision: DecisionRecord): void {
    this.ring[this.next] = decision;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.events.emit('decision', decision);
  }

  /** Decisions matching `query`, newest first. */
  query(input: DecisionQuery = {}): DecisionRecord[] {
    const query = decisionQuerySchema.parse(input);
    const found: DecisionRecord[] = [];
    for (let i = 1; i <= this.count && found.length < query.limit; i += 1) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (!entry || (query.since !== undefined && entry.at < query.since)) continue;
      if (query.verdict && entry.verdict !== query.verdict) continue;
      if (query.fromZone && entry.fromZone !== query.fromZone) continue;
      found.push(entry);
    }
    return found;
  }

  /** Calls `listener` on every new decision; returns the function that stops it. */
  subscribe(listener: (decision: DecisionRecord) => void): () => void {
    this.events.on('decision', listener);
    return () => this.events.off('decision', listener);
  }

  /**
   * New decisions as an async iterator, until `signal` aborts.
   *
   * @example for await (const decision of log.stream(controller.signal)) send(decision)
   */
  async *stream(signal?: AbortSignal): AsyncGenerator<DecisionRecord> {
    try {
      for await (const [decision] of on(this.events, 'decision', signal ? { signal } : {})) {
        yield decision as DecisionRecord;
      }
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    }
  }
}
