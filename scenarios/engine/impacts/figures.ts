/**
 * Rounding for the figures of an outcome: a rerun with the same seed lands a few lab seconds apart,
 * so figures are given to the precision a clinician reads them at, and the report stays the same.
 */

/**
 * Millilitres as a clinician reads a volume: to 0.1 mL under 10 mL, to two significant figures
 * above. A rerun changes the rate a lab second or two sooner or later; at 600 mL/h over the order
 * that is a few tenths of a millilitre, which two figures absorb and a decimal place would not.
 *
 * @example toClinicalMl(9.04) // 9
 * @example toClinicalMl(102.6) // 100
 */
export function toClinicalMl(ml: number): number {
  const size = Math.abs(ml);
  if (size < 10) return Math.round(ml * 10) / 10 + 0;
  const step = 10 ** (Math.floor(Math.log10(size)) - 1);
  return Math.round(ml / step) * step + 0;
}

/** Lab ms to whole minutes. @example wholeMinutes(719_000) // 12 */
export const wholeMinutes = (ms: number): number => Math.round(ms / 60_000) + 0;

/** "12 min", or "under a minute" for what rounds to none. */
export const minutesText = (minutes: number): string => (minutes === 0 ? 'under a minute' : `${minutes} min`);

/** "1 pump", "3 pumps". */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
