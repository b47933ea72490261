import { describe, expect, it } from 'vitest';
import type { ImpactFinding } from '../../../scenarios/engine/outcome.ts';
import { cellText, impactShort } from '../../../scenarios/report/outcome-words.ts';
import { blockedOutcome, succeededOutcome } from './report-fixtures.ts';

const impact = (kind: ImpactFinding['kind'], figures: Record<string, number>): ImpactFinding => ({
  kind,
  observed: true,
  clinical: '',
  figures,
});

describe('cell text', () => {
  it('names the first barrier and the detection of a blocked run', () => {
    expect(cellText(blockedOutcome())).toBe('BLOCKED by segmentation · detected');
  });

  it('names a built-in barrier as the product', () => {
    const outcome = blockedOutcome();
    outcome.blockedBy = [
      { kind: 'built-in', what: 'firmware 4.2.1 has no console', step: 'scan', evidence: 'x' },
    ];
    outcome.detection = { detected: false, alerts: [] };
    expect(cellText(outcome)).toBe('BLOCKED by the product (firmware 4.2.1 has no console) · not detected');
  });

  it('names the observed impact of a successful run, and counts the others', () => {
    const outcome = succeededOutcome();
    expect(cellText(outcome)).toBe('SUCCEEDED · 9 mL over order · not detected');
    outcome.impacts.push(impact('data-disclosed', { records: 3, patients: 12 }));
    expect(cellText(outcome)).toBe('SUCCEEDED · 9 mL over order +1 · not detected');
  });

  it.each([
    [impact('dose-changed', { mlOverOrder: -2.5, changed: 1 }), '2.5 mL under order'],
    [impact('dose-changed', { mlOverOrder: 0, changed: 2 }), '2 infusions off order'],
    [impact('data-disclosed', { records: 1, patients: 12 }), '1 patient record'],
    [impact('alarms-lost', { raised: 3, lost: 2 }), '2 alarms lost'],
    [impact('pumps-unavailable', { pumps: 6, unavailable: 3, minutes: 12 }), '3 pumps offline 12 min'],
    [impact('chart-forged', { entries: 1, patients: 1 }), '1 forged chart entry'],
    [impact('chart-forged', {}), 'chart forged'],
  ])('says %o as "%s"', (finding, text) => {
    expect(impactShort(finding)).toBe(text);
  });
});
