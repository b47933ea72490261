import { z } from 'zod';
import type { Action, ClientEvidence } from './action.ts';
import { evidence, evidenceCodes, report } from './evidence.ts';
import { bySerial } from './targets.ts';

const params = z.strictObject({
  /** A blocking alarm (IEC 60601-2-24) that must reach the nurse. */
  code: z.enum(['occlusion', 'air-in-line']),
  targets: z.literal('infusing'),
});

/**
 * Not the attacker: the ward itself. Lines occlude (or air enters them) at the bedside of every
 * infusing pump, and each pump raises the alarm that must reach the nurse through the pump server
 * and the EHR. A scenario puts this after a denial of service to see whether the alarms still
 * arrive (NCCoE's "vial empty" alarm that never reached the nurse). Always done.
 */
export const wardAlarm: Action<typeof params> = {
  name: 'ward-alarm',
  summary: 'The ward: every infusing pump raises an occlusion or air-in-line alarm at the bedside.',
  params,
  async run(context, { code }) {
    const infusing = bySerial(context.lab.observe.pumps()).filter((pump) => pump.state === 'infusing');
    const items: ClientEvidence[] = [];
    for (const pump of infusing) {
      await context.lab.physical.raiseAlarm(pump.serial, code);
      items.push(evidence('ward', evidenceCodes.alarmRaised, `${code} at the bedside`, pump.serial));
    }
    return report('done', `${infusing.length} infusing pump(s) raised ${code}.`, items);
  },
};
