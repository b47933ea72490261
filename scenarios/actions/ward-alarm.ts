import { z } from 'zod';
import type { Action, ClientEvidence } from './action.ts';
import { evidence, evidenceCodes, report } from './evidence.ts';
import { bySerial } from './targets.ts';

const params = z.strictObject({
  /** A blocking alarm (IEC 60601-2-24) that must reach the nurse. */
  code: z.enum(['occlusion', 'air-in-line']),
  targets: z.literal('infusing'),
  /**
   * Lab ms from now the lines occlude: the step returns at once and the alarms come while the
   * steps after it run (the attack under way). Under a lab minute, so the lab clock keeps step pace.
   */
  afterMs: z.number().int().min(0).max(59_000).default(0),
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
  async run(context, { code, afterMs }) {
    const infusing = bySerial(context.lab.observe.pumps()).filter((pump) => pump.state === 'infusing');
    const raise = async (): Promise<void> => {
      for (const pump of infusing) await context.lab.physical.raiseAlarm(pump.serial, code);
    };
    const when = afterMs === 0 ? 'at the bedside' : `at the bedside in ${afterMs / 1000} lab s`;
    const items: ClientEvidence[] = infusing.map((pump) =>
      evidence('ward', evidenceCodes.alarmRaised, `${code} ${when}`, pump.serial),
    );
    if (afterMs === 0) await raise();
    // The lab may close before the alarms fall due (a run cut short): then nothing is left to raise.
    else
      void context.lab
        .wait(afterMs)
        .then(raise, () => undefined)
        .catch(() => undefined);
    return report('done', `${infusing.length} infusing pump(s) raise ${code} ${when}.`, items);
  },
};
