import { describe, expect, it } from 'vitest';
import { dataDisclosed, mentions } from '../../../../scenarios/engine/impacts/data-disclosed.ts';
import { runRecord } from '../run-record-fixture.ts';

const ward = [
  { mrn: 'MRN00001', name: 'Ada Lovelace', careArea: 'med-surg' },
  { mrn: 'MRN00002', name: 'Alan Turing', careArea: 'med-surg' },
  { mrn: 'MRN00003', name: 'Grace Hopper', careArea: 'med-surg' },
];

describe('data-disclosed', () => {
  it('counts each EHR patient whose MRN or full name is in the loot once', () => {
    const record = runRecord({ before: { patients: ward } });
    record.loot.data.push(
      '{"infusionId":"ORD-1","patientId":"MRN00001","drugId":"heparin"}',
      'history: MRN00001 again',
      'PID|1||MRN99999||TURING^ALAN|| and a note on ALAN TURING',
    );
    const finding = dataDisclosed(record);
    expect(finding).toMatchObject({ observed: true, figures: { records: 2, patients: 3 } });
    expect(finding.clinical).toBe('2 patient records disclosed (of 3 the EHR holds).');
  });

  it('is not observed when the loot holds no identifier of the ward', () => {
    const record = runRecord({ before: { patients: ward } });
    record.loot.data.push('{"serial":"PL00001","state":"infusing","rate":5}');
    expect(dataDisclosed(record)).toMatchObject({ observed: false, figures: { records: 0 } });
  });

  it('does not take an identifier inside a longer token for the patient', () => {
    expect(mentions('MRN000012', 'MRN00001')).toBe(false);
    expect(mentions('joann leek', 'ann lee')).toBe(false);
    expect(mentions('"MRN00001"', 'MRN00001')).toBe(true);
  });
});
