import type { ImpactKind } from '../catalog/scenario-schema.ts';
import type { ImpactFinding } from '../engine/outcome.ts';

/** "1 pump", "3 pumps". */
const counted = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;

type Figures = Readonly<Record<string, number>>;
/** A positive figure, or undefined: a cell names a figure only when it says something. */
const positive = (figures: Figures, name: string): number | undefined => {
  const value = figures[name];
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
};

/**
 * How each impact kind is said in a matrix cell, from the figures its detector gives
 * (scenarios/engine/impacts/*.ts); undefined falls back to the kind's words.
 */
const sayers: Readonly<Record<ImpactKind, (figures: Figures) => string | undefined>> = {
  'dose-changed': (figures) => {
    const over = figures['mlOverOrder'];
    if (over !== undefined && over > 0) return `${over} mL over order`;
    if (over !== undefined && over < 0) return `${-over} mL under order`;
    const changed = positive(figures, 'changed');
    return changed === undefined ? undefined : `${counted(changed, 'infusion')} off order`;
  },
  'data-disclosed': (figures) => whenPositive(figures, 'records', (n) => counted(n, 'patient record')),
  'secrets-disclosed': (figures) => whenPositive(figures, 'secrets', (n) => counted(n, 'secret')),
  'alarms-lost': (figures) => whenPositive(figures, 'lost', (n) => `${counted(n, 'alarm')} lost`),
  'pumps-unavailable': (figures) =>
    whenPositive(figures, 'unavailable', (n) => {
      const minutes = positive(figures, 'minutes');
      return `${counted(n, 'pump')} offline${minutes === undefined ? '' : ` ${minutes} min`}`;
    }),
  'chart-forged': (figures) =>
    whenPositive(figures, 'entries', (n) => counted(n, 'forged chart entry', 'forged chart entries')),
  'software-tampered': (figures) => whenPositive(figures, 'pumps', (n) => `${counted(n, 'pump')} tampered`),
  'rogue-device-joined': (figures) =>
    whenPositive(figures, 'unknownSerials', (n) => `${counted(n, 'rogue device')} joined`),
  'order-spoofed': (figures) => whenPositive(figures, 'programs', (n) => counted(n, 'spoofed program')),
};

function whenPositive(figures: Figures, name: string, say: (value: number) => string): string | undefined {
  const value = positive(figures, name);
  return value === undefined ? undefined : say(value);
}

/**
 * One observed impact in a few words for a cell: "9 mL over order", "12 patient records"; the
 * kind's own words ("chart forged") when its figures say nothing more.
 */
export function impactFigures(impact: ImpactFinding, fallback: string): string {
  return sayers[impact.kind](impact.figures) ?? fallback;
}
