import { describe, expect, it } from 'vitest';
import { readPosture } from '../../../scenarios/controls/posture.ts';
import type { ImpactKind } from '../../../scenarios/catalog/scenario-schema.ts';
import { account, observedImpacts, runUnder } from './expected-run.ts';

/**
 * A 2015 hospital: no control at all. Every attack of the catalog gets what it came for; what each
 * should show lives here, in the test, and the engine decides it only from what the lab shows.
 */
const expected: Record<string, ImpactKind> = {
  'alarm-takeover-dos': 'alarms-lost',
  'console-parser-exploit': 'data-disclosed',
  'default-credentials-console': 'data-disclosed',
  'malicious-firmware-media': 'software-tampered',
  'phished-laptop-pivot': 'data-disclosed',
  'rogue-device-join': 'rogue-device-joined',
  'rogue-mqtt-dose-change': 'dose-changed',
  'rogue-pump-server': 'chart-forged',
  'spoofed-poc-order': 'order-spoofed',
  'stolen-pump-reuse': 'secrets-disclosed',
  'tampered-library-media': 'software-tampered',
  'telemetry-harvest': 'data-disclosed',
  'vendor-remote-library': 'software-tampered',
};

describe('the catalog under flat-2015 (no control)', () => {
  const posture = readPosture('flat-2015');
  for (const [scenario, impact] of Object.entries(expected)) {
    it(`${scenario} succeeds: ${impact} observed, the workflow still works`, async () => {
      const outcome = await runUnder(scenario, posture);
      expect(outcome.result, account(outcome)).toBe('succeeded');
      expect(observedImpacts(outcome), account(outcome)).toContain(impact);
      expect(outcome.blockedBy).toEqual([]);
      // No monitor runs in a 2015 hospital: nothing can be detected.
      expect(outcome.detection.detected).toBe(false);
      expect(outcome.workflow.ok, JSON.stringify(outcome.workflow)).toBe(true);
    });
  }
});
