import type { ImpactKind } from '../../catalog/scenario-schema.ts';
import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { alarmsLost } from './alarms-lost.ts';
import { chartForged } from './chart-forged.ts';
import { dataDisclosed } from './data-disclosed.ts';
import { doseChanged } from './dose-changed.ts';
import { orderSpoofed } from './order-spoofed.ts';
import { pumpsUnavailable } from './pumps-unavailable.ts';
import { rogueDeviceJoined } from './rogue-device-joined.ts';
import { secretsDisclosed } from './secrets-disclosed.ts';
import { softwareTampered } from './software-tampered.ts';

/** Decides one impact from what the run observed; a pure function of the record. */
export type ImpactDetector = (record: RunRecord) => ImpactFinding;

/** One detector per impact kind of the scenario schema. */
export const impactDetectors: Readonly<Record<ImpactKind, ImpactDetector>> = {
  'dose-changed': doseChanged,
  'data-disclosed': dataDisclosed,
  'secrets-disclosed': secretsDisclosed,
  'alarms-lost': alarmsLost,
  'pumps-unavailable': pumpsUnavailable,
  'chart-forged': chartForged,
  'software-tampered': softwareTampered,
  'rogue-device-joined': rogueDeviceJoined,
  'order-spoofed': orderSpoofed,
};

/**
 * The findings for `kinds` (a scenario's objective), in that order, each decided from `record`.
 *
 * @example observeImpacts(['dose-changed'], record)[0]?.observed
 */
export function observeImpacts(kinds: readonly ImpactKind[], record: RunRecord): ImpactFinding[] {
  return [...new Set(kinds)].map((kind) => impactDetectors[kind](record));
}
