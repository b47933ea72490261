/** Polling for a condition in a benchmark child, under a deadline. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves with the wall-clock time at which `test` held, or undefined after `deadlineMs`. Polls
 * every 100 ms, not faster: a test may read every link's counters, work the fleet's own core would
 * otherwise miss.
 */
export async function waitUntil(test: () => boolean, deadlineMs: number): Promise<number | undefined> {
  const deadline = Date.now() + deadlineMs;
  while (!test()) {
    if (Date.now() > deadline) return undefined;
    await sleep(100);
  }
  return Date.now();
}
