import type { Random } from '../../../core/random.ts';

/** Reconnect delays, in real milliseconds. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/**
 * Exponential backoff with full jitter: the delay before attempt n is uniform in
 * [0, min(max, initial·2ⁿ)]. Jitter spreads a ward of pumps out after a server restart so they do
 * not reconnect in one storm (AWS Architecture Blog, "Exponential Backoff and Jitter").
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: Random,
  ) {}

  /** The delay before the next attempt. */
  next(): number {
    const ceiling = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(this.policy.initialMs / 4, Math.floor(this.random.next() * ceiling));
  }

  /** After a successful connection the next failure starts from the beginning again. */
  reset(): void {
    this.attempt = 0;
  }
}
