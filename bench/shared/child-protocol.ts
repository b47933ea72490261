/**
 * What the benchmarks' children (server, fleet, gateway) tell the parent over Node's IPC channel.
 * Every message is checked against its schema on arrival: a child is another process, so its
 * messages are a boundary.
 */
import { z } from 'zod';

/** A process's memory as `process.memoryUsage()` reports it, in bytes. */
export const memorySchema = z.object({ rss: z.number(), heapUsed: z.number(), external: z.number() });
export type Memory = z.infer<typeof memorySchema>;

/** The fleet's totals (`Fleet.stats()`). */
export const fleetTotalsSchema = z.object({
  pumps: z.number(),
  connected: z.number(),
  published: z.number(),
  acknowledged: z.number(),
  dropped: z.number(),
  buffered: z.number(),
  reconnects: z.number(),
});
export type FleetTotals = z.infer<typeof fleetTotalsSchema>;

/** A latency summary (shared/latency.ts), ms. */
export const latencySummarySchema = z.object({
  count: z.number(),
  p50: z.number(),
  p99: z.number(),
  max: z.number(),
});

/**
 * The load a driven fleet offers (bench/gateway-overhead): none, status reports at a fixed rate
 * over the whole fleet, or as many as keep `inFlight` reports awaiting their PUBACK at all times.
 */
export const fleetLoadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('paced'), perSecond: z.number().positive() }),
  z.object({ kind: z.literal('saturating'), inFlight: z.number().int().positive() }),
]);
export type FleetLoad = z.infer<typeof fleetLoadSchema>;

export const childMessageSchema = z.discriminatedUnion('type', [
  /** Modules loaded; waiting for `start`. `memory` is the baseline before any work. */
  z.object({ type: z.literal('ready'), memory: memorySchema }),
  /** Server or gateway child: listening on this port (and address, when it is not 127.0.0.1). */
  z.object({ type: z.literal('listening'), port: z.number(), host: z.string().optional() }),
  /** Fleet child: every pump connected; `connectMs` from `start` (wall clock `at`). */
  z.object({ type: z.literal('connected'), connectMs: z.number(), at: z.number(), memory: memorySchema }),
  /** Fleet child: it has noted each link's reconnect count; the parent may kill the server now. */
  z.object({ type: z.literal('armed') }),
  /** Fleet child: when every pump was back (wall clock); `connected` below the count on a timeout. */
  z.object({ type: z.literal('storm'), upAt: z.number(), connected: z.number() }),
  /** Driven fleet child: it now offers this load. */
  z.object({ type: z.literal('load'), load: fleetLoadSchema }),
  /**
   * Fleet child: messages the pumps emitted with `sentAt` in the window, and the link totals;
   * a driven fleet's probe adds the PUBLISH-to-PUBACK round trips of its reports in the window.
   */
  z.object({
    type: z.literal('stats'),
    emitted: z.number(),
    totals: fleetTotalsSchema,
    memory: memorySchema,
    roundTrip: latencySummarySchema.optional(),
  }),
  /** Either child: its memory now, and (server) security events raised so far. */
  z.object({ type: z.literal('memory'), memory: memorySchema, securityEvents: z.number() }),
  /** Either child: something failed; the parent reports it and stops the step. */
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

/** What the parent asks. Windows are wall-clock epoch milliseconds, `[from, to)`. */
export type ParentMessage =
  | { type: 'start' }
  | { type: 'memory' }
  | { type: 'storm'; deadlineMs: number }
  | { type: 'stats'; from: number; to: number }
  | { type: 'load'; load: FleetLoad }
  | { type: 'close' };

/** Takes a snapshot of this process's memory. */
export function memoryNow(): Memory {
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

/** Sends a message to the parent; a child without an IPC channel was started wrongly. */
export function tellParent(message: ChildMessage): void {
  if (!process.send) throw new Error('this script runs as a child of a benchmark (bench/*.bench.ts)');
  process.send(message);
}

/** Calls `handler` for each parent message; exits when the parent goes away. */
export function onParent(handler: (message: ParentMessage) => Promise<void> | void): void {
  process.on('message', (message: ParentMessage) => {
    Promise.resolve(handler(message)).catch((error: unknown) =>
      tellParent({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
