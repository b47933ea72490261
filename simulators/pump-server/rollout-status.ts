import { z } from 'zod';
import type { DeliveryState } from '../contract/pump-messages.ts';
import type { PumpRecord } from './ports.ts';

/**
 * A pump in these states is delivering or about to: installing firmware would stop the infusion,
 * so the rollout waits (SP 1800-8 Vol B: patching must not disrupt clinical use). An alarm is
 * included because an occlusion or air-in-line alarm interrupts an infusion, it does not end it.
 */
export const busyStates: ReadonlySet<DeliveryState> = new Set([
  'infusing',
  'paused',
  'kvo',
  'programming',
  'alarm',
]);

export const pumpRolloutStateSchema = z.enum(['pending', 'deferred', 'installed', 'rejected', 'timed-out']);
export type PumpRolloutState = z.infer<typeof pumpRolloutStateSchema>;

/** Where one pump stands in a rollout. */
export const pumpRolloutStatusSchema = z.object({
  serial: z.string(),
  /** Index of the pump's wave, from 0. */
  wave: z.number().int(),
  status: pumpRolloutStateSchema,
  /** Why deferred (the pump's state, or offline), rejected (the pump's code) or timed out. */
  reason: z.string().optional(),
  updatedAt: z.string(),
});
export type PumpRolloutStatus = z.infer<typeof pumpRolloutStatusSchema>;

/** A rollout as reported. */
export const rolloutSnapshotSchema = z.object({
  id: z.string(),
  version: z.string(),
  state: z.enum(['running', 'completed', 'halted']),
  startedAt: z.string(),
  deadline: z.string(),
  finishedAt: z.string().nullable(),
  haltReason: z.string().nullable(),
  waves: z.array(z.array(z.string())),
  pumps: z.array(pumpRolloutStatusSchema),
});
export type RolloutSnapshot = z.infer<typeof rolloutSnapshotSchema>;

/** How a rollout behaves; times in lab milliseconds. */
export interface RolloutPolicy {
  /** How often deferred pumps are looked at again. */
  pollIntervalMs: number;
  /** After this long from the start, pumps still deferred are reported timed out. */
  deadlineMs: number;
  /** A wave whose rejected and timed-out share exceeds this halts the rollout. */
  maxFailureRate: number;
}

/** Why a pump must wait, or undefined when it may install now. */
export function deferral(pump: PumpRecord | 'unreadable' | undefined): string | undefined {
  if (pump === 'unreadable') return 'inventory unreadable';
  if (!pump || !pump.online) return 'offline';
  // A pump that has not yet said what it is doing may be infusing: wait for its first status.
  if (pump.state === null) return 'state unknown';
  return busyStates.has(pump.state) ? pump.state : undefined;
}
