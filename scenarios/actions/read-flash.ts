import { z } from 'zod';
import type { Action } from './action.ts';
import { evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { flashEvidence } from './steal-device.ts';
import { stolenFlash } from './stolen-devices.ts';

const params = z.strictObject({});

/**
 * Reports what the flash of the stolen pump(s) gave up (steal-device read it): done when it yielded
 * patient data or a secret, blocked with STORE_SEALED when the store was sealed (SP 1800-8:
 * encryption at rest; CVE-2022-26390's fix). A step of its own, so a scenario can go on from a
 * theft whatever the flash held.
 */
export const readFlashAction: Action<typeof params> = {
  name: 'read-flash',
  summary: 'Reads the stolen pump’s flash: patient history and the Wi-Fi key, unless it is sealed.',
  params,
  run(context) {
    const readings = stolenFlash(context.loot);
    if (readings.length === 0) {
      return Promise.resolve(
        report('blocked', 'No stolen device to read.', [
          evidence('flash', evidenceCodes.noTarget, 'no stolen device'),
        ]),
      );
    }
    const yielded = readings.filter((reading) => reading.entries > 0 || reading.wifiKey);
    const entries = yielded.reduce((sum, reading) => sum + reading.entries, 0);
    const summary =
      yielded.length > 0
        ? `The flash gave up ${entries} history entries${yielded.some((r) => r.wifiKey) ? ' and the Wi-Fi key' : ''}.`
        : 'The flash gave up nothing readable.';
    return Promise.resolve(report(statusOf(yielded.length > 0), summary, readings.map(flashEvidence)));
  },
};
