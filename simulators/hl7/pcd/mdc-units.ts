import { ipec, tf2, tf3, type MdcStatus } from './mdc-sources.ts';

/**
 * Units of measure as MDC dimensions (ISO/IEEE 11073-10101 partition 4) with their UCUM forms.
 * IHE PCD TF-2 lets a sender use either (RXG-7/16/18/24 and OBX-6: "the preferred format is an MDC
 * value; UCUM values are also acceptable"). The lab writes MDC first and UCUM as the alternate
 * (as the IPEC sample does) when the MDC code is confirmed, and UCUM alone when it is not.
 */
export interface MdcUnit {
  /** The lab's own spelling (drug-library.ts dose units, `mL`, `kg`, ...). */
  readonly lab: string;
  /** Context-free MDC code, or 0 when it could not be confirmed (then only UCUM is written). */
  readonly code: number;
  readonly refId: string;
  /** UCUM code (CWE-4/5 with `UCUM` in CWE-6). */
  readonly ucum: string;
  /** Other spellings seen from senders (e.g. `ml/h` in TF-2 RXG-16 examples). */
  readonly aliases: readonly string[];
  readonly status: MdcStatus;
  readonly source: string;
}

const u = (
  lab: string,
  code: number,
  refId: string,
  ucum: string,
  aliases: readonly string[],
  status: MdcStatus,
  source: string,
): MdcUnit => ({ lab, code, refId, ucum, aliases, status, source });

const tf3Units = `${tf3} Table 7.1.2-1`;

/** Every unit the lab reads or writes. */
export const mdcUnits: readonly MdcUnit[] = [
  u('mL', 263762, 'MDC_DIM_MILLI_L', 'mL', ['ml'], 'confirmed', `${tf2} RXG-7; ${tf3} (4::1618)`),
  u(
    'mL/h',
    265266,
    'MDC_DIM_MILLI_L_PER_HR',
    'mL/h',
    ['ml/h', 'mL/hr', 'ml/hr'],
    'confirmed',
    `${tf2} RXG-16, E.2.3; ${tf3} (4::3122)`,
  ),
  u(
    'mcg/kg/min',
    265619,
    'MDC_DIM_MICRO_G_PER_KG_PER_MIN',
    'ug/kg/min',
    ['mcg/kg/min', 'ug/(kg.min)'],
    'confirmed',
    `${tf2} RXG-16, E.2.3; ${ipec}`,
  ),
  u('mg/h', 265522, 'MDC_DIM_MILLI_G_PER_HR', 'mg/h', ['mg/hr'], 'derived', `${tf3Units} (4::3378)`),
  u('mcg/min', 265491, 'MDC_DIM_MICRO_G_PER_MIN', 'ug/min', ['mcg/min'], 'derived', `${tf3Units} (4::3347)`),
  u(
    'units/h',
    267840,
    'MDC_DIM_X_INTL_UNIT_PER_HR',
    '[iU]/h',
    ['U/h', '[U]/h', 'units/h', 'units/hr'],
    'derived',
    `${tf3Units} (4::5696)`,
  ),
  u(
    'mg/kg/h',
    0,
    'MDC_DIM_MILLI_G_PER_KG_PER_HR',
    'mg/kg/h',
    ['mg/(kg.h)', 'mg/kg/hr'],
    'unconfirmed',
    'not found in TF-2, TF-3 or IPEC',
  ),
  u('mg', 263890, 'MDC_DIM_MILLI_G', 'mg', [], 'confirmed', `${tf2} RXG-18, E.2.3`),
  u('g', 263872, 'MDC_DIM_X_G', 'g', [], 'confirmed', `${tf2} RXG-16/18 and 3.3.4.4.9 OBX-6`),
  u('mcg', 0, 'MDC_DIM_MICRO_G', 'ug', ['mcg'], 'unconfirmed', 'not found in TF-2, TF-3 or IPEC'),
  u(
    'units',
    0,
    'MDC_DIM_X_INTL_UNIT',
    '[iU]',
    ['U', '[U]', 'units'],
    'unconfirmed',
    'not found in TF-2, TF-3 or IPEC',
  ),
  u('mg/mL', 264306, 'MDC_DIM_MILLI_G_PER_ML', 'mg/mL', ['mg/ml'], 'confirmed', `${ipec} OBX 21`),
  u(
    'mcg/mL',
    0,
    'MDC_DIM_MICRO_G_PER_ML',
    'ug/mL',
    ['mcg/mL'],
    'unconfirmed',
    'not found in TF-2, TF-3 or IPEC',
  ),
  u(
    'units/mL',
    0,
    'MDC_DIM_X_INTL_UNIT_PER_ML',
    '[iU]/mL',
    ['U/mL', 'units/mL'],
    'unconfirmed',
    'not found in TF-2, TF-3 or IPEC',
  ),
  u('g/mL', 0, 'MDC_DIM_X_G_PER_ML', 'g/mL', [], 'unconfirmed', 'not found in TF-2, TF-3 or IPEC'),
  u('kg', 263875, 'MDC_DIM_KILO_G', 'kg', [], 'confirmed', `${tf2} 3.3.4.4.9 OBX-6, E.2.3; ${ipec}`),
  u('min', 264352, 'MDC_DIM_MIN', 'min', [], 'confirmed', `${tf2} 3.3.4.4.6 TQ1-13; ${ipec} OBX 19`),
  u('h', 264384, 'MDC_DIM_HR', 'h', [], 'confirmed', `${tf2} 3.3.4.4.6 TQ1-13`),
];

/** The unit the lab spells `lab`; throws on a spelling the table lacks (a programming error). */
export function unitOf(lab: string): MdcUnit {
  const unit = mdcUnits.find((candidate) => candidate.lab === lab);
  if (!unit) throw new RangeError(`no MDC/UCUM unit is defined for "${lab}"`);
  return unit;
}

/**
 * CWE components for a unit: MDC triplet then UCUM alternate, UCUM alone when the MDC code is
 * unconfirmed, or the text alone (CWE-2) for a spelling the table lacks.
 */
export function unitCwe(lab: string): string[] {
  const unit = mdcUnits.find((candidate) => candidate.lab === lab);
  if (!unit) return ['', lab, ''];
  if (unit.code === 0) return [unit.ucum, unit.ucum, 'UCUM'];
  return [String(unit.code), unit.refId, 'MDC', unit.ucum, unit.ucum, 'UCUM'];
}

/** One coded triplet of a CWE (identifier, text, coding system). */
export interface CodedTriplet {
  id: string;
  text: string;
  system: string;
}

/**
 * Resolves a received unit from either CWE triplet: an MDC code (or reference id) under `MDC`,
 * a UCUM code under `UCUM`, or any known spelling. TF-2 E.2.3 itself writes the MDC term code
 * under `UCUM` (`3475^ug/kg/min^UCUM`), so the text is tried as well as the identifier.
 */
export function resolveUnit(triplets: readonly CodedTriplet[]): MdcUnit | undefined {
  for (const { id, text, system } of triplets) {
    if (id === '' && text === '') continue;
    const found = mdcUnits.find((unit) =>
      system === 'MDC'
        ? (unit.code !== 0 && id === String(unit.code)) || text === unit.refId
        : [unit.ucum, unit.lab, ...unit.aliases].some((name) => name === id || name === text),
    );
    if (found) return found;
  }
  return undefined;
}
