import { hl7Location, type Hl7Issue } from './hl7-issue.ts';
import type { Hl7SegmentView } from './hl7-segment-view.ts';

/**
 * The abstract message syntax of HL7 v2 (HL7 v2.6 chapter 2, 2.12: `[ ]` optional, `{ }`
 * repeating, groups by name), and a matcher that checks a message's segments against it.
 */
export type GrammarItem =
  | { kind: 'segment'; name: string; min: 0 | 1; max: number }
  | { kind: 'group'; name: string; min: 0 | 1; max: number; items: readonly GrammarItem[] };

/** `PID`: exactly once. */
export const one = (name: string): GrammarItem => ({ kind: 'segment', name, min: 1, max: 1 });
/** `[PD1]`: at most once. */
export const opt = (name: string): GrammarItem => ({ kind: 'segment', name, min: 0, max: 1 });
/** `{OBX}`: once or more. */
export const some = (name: string): GrammarItem => ({ kind: 'segment', name, min: 1, max: Infinity });
/** `[{NTE}]`: any number of times. */
export const any = (name: string): GrammarItem => ({ kind: 'segment', name, min: 0, max: Infinity });
/** A named group; `min` 0 for `[ ]`, `max` Infinity for `{ }`. */
export const group = (name: string, min: 0 | 1, max: number, items: readonly GrammarItem[]): GrammarItem => ({
  kind: 'group',
  name,
  min,
  max,
  items,
});

interface Cursor {
  at: number;
}

/**
 * Checks `segments` (MSH first) against `grammar`, greedily, as receivers do. Z segments (locally
 * defined, HL7 2.5.3.1) are allowed anywhere. Returns the first sequence problem as a table 0357
 * code 100 issue, or [] when the segments fit.
 */
export function matchGrammar(
  grammar: readonly GrammarItem[],
  segments: readonly Hl7SegmentView[],
): Hl7Issue[] {
  const standard = segments.filter((segment) => !segment.name.startsWith('Z'));
  const cursor: Cursor = { at: 0 };
  const problem = matchItems(grammar, standard, cursor);
  if (problem) return [problem];
  const extra = standard[cursor.at];
  if (extra === undefined) return [];
  return [
    {
      code: '100',
      severity: 'E',
      location: hl7Location({ segment: extra.name, sequence: extra.sequence }),
      text: `${extra.name} is not expected at segment ${extra.index + 1}.`,
    },
  ];
}

function matchItems(items: readonly GrammarItem[], segments: readonly Hl7SegmentView[], cursor: Cursor) {
  for (const item of items) {
    const problem =
      item.kind === 'segment' ? matchSegment(item, segments, cursor) : matchGroup(item, segments, cursor);
    if (problem) return problem;
  }
  return undefined;
}

function matchSegment(
  item: Extract<GrammarItem, { kind: 'segment' }>,
  segments: readonly Hl7SegmentView[],
  cursor: Cursor,
): Hl7Issue | undefined {
  let count = 0;
  while (count < item.max && segments[cursor.at]?.name === item.name) {
    cursor.at += 1;
    count += 1;
  }
  return count < item.min ? missing(item.name, segments[cursor.at]) : undefined;
}

function matchGroup(
  item: Extract<GrammarItem, { kind: 'group' }>,
  segments: readonly Hl7SegmentView[],
  cursor: Cursor,
): Hl7Issue | undefined {
  let count = 0;
  while (count < item.max) {
    const start = cursor.at;
    const problem = matchItems(item.items, segments, cursor);
    if (cursor.at === start) break; // the group is not here (its problem, if any, is only absence)
    if (problem) return problem;
    count += 1;
  }
  return count < item.min ? missing(firstSegment(item), segments[cursor.at]) : undefined;
}

function firstSegment(item: GrammarItem): string {
  if (item.kind === 'segment') return item.name;
  const first = item.items.find((inner) => inner.min > 0) ?? item.items[0];
  return first === undefined ? item.name : firstSegment(first);
}

function missing(name: string, found: Hl7SegmentView | undefined): Hl7Issue {
  return {
    code: '100',
    severity: 'E',
    location: found ? hl7Location({ segment: found.name, sequence: found.sequence }) : name,
    text: found
      ? `${name} is required before ${found.name} (segment ${found.index + 1}).`
      : `${name} is required but the message ends.`,
  };
}
