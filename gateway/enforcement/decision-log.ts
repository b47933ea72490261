import { z } from 'zod';
import { RingLog } from '../log/ring-log.ts';
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
  private readonly ring: RingLog<DecisionRecord>;

  constructor(readonly capacity = 10_000) {
    this.ring = new RingLog<DecisionRecord>(capacity);
  }

  /** Appends a decision and streams it to subscribers. */
  record(decision: DecisionRecord): void {
    this.ring.record(decision);
  }

  /** Decisions matching `query`, newest first. */
  query(input: DecisionQuery = {}): DecisionRecord[] {
    const { verdict, fromZone, since, limit } = decisionQuerySchema.parse(input);
    return this.ring.query(
      (entry) => (!verdict || entry.verdict === verdict) && (!fromZone || entry.fromZone === fromZone),
      { since, limit },
    );
  }

  /** Calls `listener` on every new decision; returns the function that stops it. */
  subscribe(listener: (decision: DecisionRecord) => void): () => void {
    return this.ring.subscribe(listener);
  }

  /**
   * New decisions as an async iterator, until `signal` aborts.
   *
   * @example for await (const decision of log.stream(controller.signal)) send(decision)
   */
  stream(signal?: AbortSignal): AsyncGenerator<DecisionRecord> {
    return this.ring.stream(signal);
  }
}
