import { describe, expect, it } from 'vitest';
import { softwareTampered } from '../../../../scenarios/engine/impacts/software-tampered.ts';
import { pump, runRecord } from '../run-record-fixture.ts';

describe('software-tampered', () => {
  it('finds a library neither published before the attack nor the one the pump had, and unpublished firmware', () => {
    const record = runRecord({
      before: {
        pumps: [pump(), pump({ serial: 'PL00002', firmware: '4.2.1' }), pump({ serial: 'PL00003' })],
        releases: { libraries: ['1.1.0'], firmware: ['4.2.1'] },
      },
      after: {
        pumps: [
          pump({ libraryVersion: '1.0.1' }),
          pump({ serial: 'PL00002', firmware: '2.4.0' }),
          pump({ serial: 'PL00003', libraryVersion: '1.1.0' }),
        ],
        // What the attacker uploaded through the pump server is not a release of the hospital's.
        releases: { libraries: ['1.1.0', '1.0.1'], firmware: ['4.2.1'] },
      },
    });
    const finding = softwareTampered(record);
    expect(finding).toMatchObject({ observed: true, figures: { pumps: 2, libraries: 1, firmware: 1 } });
    expect(finding.clinical).toContain('pump PL00001 runs drug library 1.0.1');
    expect(finding.clinical).toContain('pump PL00002 runs firmware 2.4.0');
  });

  it('is not observed when pumps keep what they had or run a published release', () => {
    const record = runRecord({
      before: { releases: { libraries: ['1.1.0'], firmware: [] } },
      after: { pumps: [pump({ libraryVersion: '1.1.0' })] },
    });
    expect(softwareTampered(record).observed).toBe(false);
  });
});
