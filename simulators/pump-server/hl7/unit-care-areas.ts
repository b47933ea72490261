/**
 * The nursing units (PV1-3.1, point of care) of the lab's EHR and the drug library care areas they
 * belong to (simulators/ehr/synthetic-patients.ts writes these units). A site maps its own units with
 * the `unitCareAreas` option.
 */
export const labUnitCareAreas: Readonly<Record<string, string>> = {
  ICU: 'icu',
  '4W': 'med-surg',
  ONC: 'oncology',
};

/**
 * The care area of a nursing unit: the mapping's entry, else the unit itself in lower case (a unit
 * named after its care area), else undefined when there is no unit.
 *
 * @example careAreaOfUnit('4W', labUnitCareAreas) // 'med-surg'
 */
export function careAreaOfUnit(
  unit: string | undefined,
  mapping: Readonly<Record<string, string>>,
): string | undefined {
  if (unit === undefined || unit === '') return undefined;
  return mapping[unit] ?? unit.toLowerCase();
}
