import type { ParsedHl7 } from '../message/hl7-parse.ts';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';
import { readEquipmentId, type EquipmentId } from './equipment-id.ts';
import type { MdcTerm } from './mdc-terms.ts';
import { isTerm } from './mdc-terms.ts';
import type { CodedTriplet } from './mdc-units.ts';
import { cweTriplets } from './pcd-fields.ts';

/** One OBX read for the PCD parsers (HL7 v2.6 7.4.2; TF-2 Appendix B.8). */
export interface ObxRow {
  readonly view: Hl7SegmentView;
  /** OBX-3.1 and OBX-3.2: MDC code and reference id. */
  readonly code: string;
  readonly refId: string;
  /** OBX-4 as sent, and its dotted parts as numbers (`1.1.2.0` → [1, 1, 2, 0]). */
  readonly subId: string;
  readonly path: readonly number[];
  /** OBX-5 first repetition, decoded. */
  readonly value: string;
  readonly units: readonly CodedTriplet[];
  /** OBX-14, as sent. */
  readonly observedAt: string;
  readonly equipment: EquipmentId | undefined;
  /**
   * True for a 'device-related' OBX (MDS, VMD or channel): its OBX-4 ends in the metric level's 0
   * (TF-2 B.8.3: "Receiving systems shall recognize from such trailing zeros ... that the segment is
   * device-related").
   */
  readonly isDevice: boolean;
}

/** Every OBX of the message, in order. */
export function readObxRows(parsed: ParsedHl7): ObxRow[] {
  return parsed.segments('OBX').map((view) => {
    const subId = view.field(4);
    const path = /^\d+(?:\.\d+)*$/.test(subId) ? subId.split('.').map(Number) : [];
    return {
      view,
      code: view.component(3, 1),
      refId: view.component(3, 2),
      subId,
      path,
      value: view.field(5),
      units: cweTriplets(view, 6),
      observedAt: view.field(14),
      equipment: readEquipmentId(view),
      isDevice: path.length === 4 && path[3] === 0,
    };
  });
}

/** The first row naming any of `terms` (by code, or by reference id for pending codes). */
export function findRow(rows: readonly ObxRow[], ...terms: MdcTerm[]): ObxRow | undefined {
  return rows.find((row) => terms.some((t) => isTerm(row.code, row.refId, t)));
}

/** The device OBX that contains `row` at `level` (1 MDS, 2 VMD, 3 channel), if the message has it. */
export function containerOf(rows: readonly ObxRow[], row: ObxRow, level: 1 | 2 | 3): ObxRow | undefined {
  if (row.path.length < 4) return undefined;
  const key = [...row.path.slice(0, level), ...[0, 0, 0].slice(0, 4 - level)].join('.');
  return rows.find((candidate) => candidate.isDevice && candidate.path.join('.') === key);
}

/**
 * The observation time of `row`: its own OBX-14, else that of the channel, VMD or MDS containing
 * it (TF-2 B.8.3: a time stamp "at the channel level applies to all metrics contained within that
 * channel unless overridden"), else `fallback` (OBR-7).
 */
export function observedAtOf(rows: readonly ObxRow[], row: ObxRow, fallback: string): string {
  if (row.observedAt !== '') return row.observedAt;
  for (const level of [3, 2, 1] as const) {
    const container = containerOf(rows, row, level);
    if (container && container !== row && container.observedAt !== '') return container.observedAt;
  }
  return fallback;
}
