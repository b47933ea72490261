import { describe, expect, it } from 'vitest';
import { pumpsUnavailable } from '../../../../scenarios/engine/impacts/pumps-unavailable.ts';
import { minute, pump, runRecord, t0 } from '../run-record-fixture.ts';

const a = (connected: boolean) => pump({ serial: 'PL00001', connected });
const b = (connected: boolean) => pump({ serial: 'PL00002', address: '127.10.0.11', connected });

describe('pumps-unavailable', () => {
  it('counts pumps seen without their session and gives the longest outage in lab minutes', () => {
    const record = runRecord({
      before: { pumps: [a(true), b(true)] },
      samples: [
        { at: t0 + 2 * minute, pumps: [a(false), b(true)] },
        { at: t0 + 3 * minute, pumps: [a(false), b(false)] },
        { at: t0 + 6 * minute, pumps: [a(true), b(false)] },
        { at: t0 + 7 * minute, pumps: [a(true), b(true)] },
      ],
      after: { pumps: [a(true), b(true)] },
    });
    const finding = pumpsUnavailable(record);
    expect(finding).toMatchObject({ observed: true, figures: { pumps: 2, unavailable: 2, minutes: 4 } });
    expect(finding.clinical).toBe(
      '2 of 2 pumps lost their session with the pump server, the longest for 4 min.',
    );
  });

  it('runs an outage still going at the end to the end of the run', () => {
    const record = runRecord({
      before: { pumps: [a(true)] },
      samples: [{ at: t0 + 5 * minute, pumps: [a(false)] }],
      after: { at: t0 + 20 * minute, pumps: [a(false)] },
    });
    expect(pumpsUnavailable(record).figures).toMatchObject({ unavailable: 1, minutes: 15 });
  });

  it('does not count a pump already offline when the attack began', () => {
    const record = runRecord({ before: { pumps: [a(false)] }, after: { pumps: [a(false)] } });
    expect(pumpsUnavailable(record)).toMatchObject({
      observed: false,
      figures: { pumps: 0, unavailable: 0 },
    });
  });
});
