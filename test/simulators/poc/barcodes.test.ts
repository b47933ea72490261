import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import {
  medicationBarcode,
  parseMedicationLabel,
  parsePumpLabel,
  parseWristband,
  pumpBarcode,
  wristbandBarcode,
} from '../../../simulators/poc/barcodes.ts';

/** The catalogue code `fn` throws, or undefined. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a PumplabError';
  }
  return undefined;
}

describe('lab barcodes', () => {
  it('reads a wristband into its MRN', () => {
    expect(parseWristband('WB|MRN100004')).toEqual({ mrn: 'MRN100004' });
  });

  it('reads a medication label into order id, drug id and concentration per mL', () => {
    expect(parseMedicationLabel('RX|ORD5000|heparin|100 units/mL')).toEqual({
      orderId: 'ORD5000',
      drugId: 'heparin',
      concentration: { amount: 100, unit: 'units' },
    });
    expect(parseMedicationLabel('RX|ORD-7|propofol|0.5 mg/mL').concentration).toEqual({
      amount: 0.5,
      unit: 'mg',
    });
  });

  it('reads a pump channel label into the pump serial', () => {
    expect(parsePumpLabel('PUMP|PL00001')).toEqual({ serial: 'PL00001' });
  });

  it('tolerates the line ending a scanner sends after the code', () => {
    expect(parseWristband('WB|MRN100004\r\n').mrn).toBe('MRN100004');
  });

  it('prints what it reads', () => {
    const label = {
      orderId: 'ORD5000',
      drugId: 'heparin',
      concentration: { amount: 100, unit: 'units' as const },
    };
    expect(parseMedicationLabel(medicationBarcode(label))).toEqual(label);
    expect(parseWristband(wristbandBarcode('MRN123456')).mrn).toBe('MRN123456');
    expect(parsePumpLabel(pumpBarcode('PL00042')).serial).toBe('PL00042');
  });

  it.each([
    ['a medication label scanned as a wristband', () => parseWristband('RX|ORD5000|heparin|100 units/mL')],
    ['an MRN of the wrong form', () => parseWristband('WB|12345')],
    ['a wristband with an extra field', () => parseWristband('WB|MRN100004|x')],
    ['an empty scan', () => parseWristband('')],
    ['a label without a concentration', () => parseMedicationLabel('RX|ORD5000|heparin')],
    ['a concentration not per mL', () => parseMedicationLabel('RX|ORD5000|heparin|100 units/L')],
    ['a zero concentration', () => parseMedicationLabel('RX|ORD5000|heparin|0 units/mL')],
    ['an unknown strength unit', () => parseMedicationLabel('RX|ORD5000|heparin|100 IU/mL')],
    ['a drug id that is no library id', () => parseMedicationLabel('RX|ORD5000|Heparin!|100 units/mL')],
    ['an order id with a delimiter', () => parseMedicationLabel('RX|ORD^5000|heparin|100 units/mL')],
    ['a pump serial too long', () => parsePumpLabel(`PUMP|${'P'.repeat(33)}`)],
    ['a wristband scanned as a pump', () => parsePumpLabel('WB|MRN100004')],
  ])('refuses %s with POC_BARCODE_INVALID', (_case, scan) => {
    expect(codeOf(scan)).toBe('POC_BARCODE_INVALID');
  });

  it('keeps the scanned text, which may hold an MRN, out of the error', () => {
    try {
      parseWristband('WB|MRN12');
    } catch (error) {
      expect(JSON.stringify(isPumplabError(error) && error.toJSON())).not.toContain('MRN12');
    }
  });
});
