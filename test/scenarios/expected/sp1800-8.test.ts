import { describe, expect, it } from 'vitest';
import type { ControlId } from '../../../scenarios/controls/controls.ts';
import { readPosture } from '../../../scenarios/controls/posture.ts';
import { account, firstBarrier, observedImpacts, runUnder } from './expected-run.ts';

/**
 * Every control of SP 1800-8: every attack of the catalog is blocked, by the control that stands
 * first in its way, and care still works. Attacks that cross the gateway are seen by the monitor.
 */
const expected: Record<string, { first: ControlId; detected: boolean }> = {
  'alarm-takeover-dos': { first: 'device-admission', detected: true },
  'console-parser-exploit': { first: 'segmentation', detected: true },
  'default-credentials-console': { first: 'patched-firmware', detected: false },
  'malicious-firmware-media': { first: 'signed-firmware', detected: false },
  'phished-laptop-pivot': { first: 'segmentation', detected: true },
  'rogue-device-join': { first: 'device-admission', detected: true },
  'rogue-mqtt-dose-change': { first: 'segmentation', detected: true },
  'rogue-pump-server': { first: 'mutual-tls', detected: false },
  'spoofed-poc-order': { first: 'segmentation', detected: true },
  'stolen-pump-reuse': { first: 'encryption-at-rest', detected: false },
  'tampered-library-media': { first: 'signed-libraries', detected: false },
  'telemetry-harvest': { first: 'segmentation', detected: true },
  'vendor-remote-library': { first: 'segmentation', detected: true },
};

describe('the catalog under sp1800-8 (every control)', () => {
  const posture = readPosture('sp1800-8');
  for (const [scenario, { first, detected }] of Object.entries(expected)) {
    it(`${scenario} is blocked first by ${first}, ${detected ? '' : 'not '}detected, care intact`, async () => {
      const outcome = await runUnder(scenario, posture);
      expect(outcome.result, account(outcome)).toBe('blocked');
      expect(firstBarrier(outcome), account(outcome)).toBe(first);
      expect(observedImpacts(outcome), account(outcome)).toEqual([]);
      expect(outcome.detection.detected, account(outcome)).toBe(detected);
      expect(outcome.workflow.ok, JSON.stringify(outcome.workflow)).toBe(true);
    });
  }
});
