import { describe, expect, it } from 'vitest';
import { minutesText, toClinicalMl, wholeMinutes } from '../../../../scenarios/engine/impacts/figures.ts';

describe('figures', () => {
  it('gives volumes to 0.1 mL under 10 mL and to two significant figures above', () => {
    expect(toClinicalMl(9.04)).toBe(9);
    expect(toClinicalMl(-0.26)).toBe(-0.3);
    expect(toClinicalMl(45.3)).toBe(45);
    expect(toClinicalMl(102.5)).toBe(100);
    expect(toClinicalMl(103.4)).toBe(100);
    expect(toClinicalMl(1_260)).toBe(1_300);
  });

  it('gives lab time in whole minutes, and says so when it rounds to none', () => {
    expect(wholeMinutes(719_000)).toBe(12);
    expect(minutesText(wholeMinutes(20_000))).toBe('under a minute');
    expect(minutesText(3)).toBe('3 min');
  });
});
