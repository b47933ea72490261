import { describe, expect, it } from 'vitest';
import { VariableClock } from '../../../core/clock.ts';
import { embeddedLabOptions } from '../../../lab/scenario-lab/embedded-lab-options.ts';
import { scenarioClockSpeeds } from '../../../lab/scenario-lab/lab-time.ts';
import { everyControl, noControls } from './scenario-labs.ts';

describe('the embedded lab options a posture gives', () => {
  const place = { stateDir: '/tmp/lab', pumps: 6, clock: new VariableClock(20) };

  it('passes every control of the settings to the lab, the policy and admission to its zones', () => {
    const options = embeddedLabOptions(everyControl, 'seed-1', place);
    expect(options.zones).toEqual({ policy: 'segmented', admission: true });
    expect(options.firmwareMix).toEqual({ '4.2.1': 1 });
    expect(options.security).toEqual({
      mutualTls: true,
      brokerAuthorization: true,
      checkRevocation: true,
      requireSignedLibraries: true,
      requireSignedFirmware: true,
      encryptStore: true,
      uniqueMaintenanceCredentials: true,
      connectionRateLimit: true,
      monitoring: true,
    });
  });

  it('turns every control off, flat, for the 2015 hospital', () => {
    const options = embeddedLabOptions(noControls, 'seed-1', place);
    expect(options.zones).toEqual({ policy: 'flat', admission: false });
    expect(options.firmwareMix).toEqual({ '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 });
    expect(Object.values(options.security ?? {}).every((on) => on === false)).toBe(true);
  });

  it('listens on free ports only, so labs run side by side', () => {
    const { ports } = embeddedLabOptions(noControls, 'seed-1', place);
    expect(Object.values(ports ?? {})).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("runs on the run's clock, and sizes the orders' time window by its fastest speed", () => {
    const options = embeddedLabOptions(noControls, 'seed-1', place);
    expect(options.clock).toBe(place.clock);
    expect(options.clockSpeed).toBe(scenarioClockSpeeds.waiting);
  });
});
