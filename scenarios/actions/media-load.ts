import { z } from 'zod';
import type { MediaFile } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { attackerKit } from './attacker-kit.ts';
import { evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { bySerial } from './targets.ts';
import { nextVersion, tamperedFirmware, tamperedLibrary } from './tampered-packages.ts';

const params = z.strictObject({
  kind: z.enum(['library', 'firmware']),
  tamper: z.enum(['unsigned', 'attacker-signed']),
  targets: z.enum(['one', 'all']),
});

/** How far a tampered library raises every limit: a tenfold dose passes its hard limit. */
export const mediaLimitFactor = 10;

/**
 * Someone with hands on the pumps loads a tampered package through their USB / media port
 * (ICSMA-17-017-02, CVE-2016-9355): a drug library with every limit raised tenfold, or a modified
 * image of the vulnerable 2.4.0 firmware; unsigned, or signed with the attacker's own CA. The pump
 * applies the same rules as to a network install. Done when at least one pump accepted the file.
 */
export const mediaLoad: Action<typeof params> = {
  name: 'media-load',
  summary: 'Loads a tampered drug library or firmware image through the pumps’ media port.',
  params,
  async run(context, { kind, tamper, targets }) {
    const pumps = bySerial(context.lab.observe.pumps());
    const chosen = targets === 'one' ? pumps.slice(0, 1) : pumps;
    if (chosen.length === 0) {
      return report('blocked', 'No pump within reach.', [
        evidence('media', evidenceCodes.noTarget, 'no pump'),
      ]);
    }
    const file = tamperedFile(context, kind, tamper);
    const items: ClientEvidence[] = [];
    let accepted = 0;
    for (const pump of chosen) {
      const outcome = await context.lab.physical.loadMedia(pump.serial, file);
      if (outcome.outcome === 'accepted') {
        accepted += 1;
        items.push(
          evidence('media', evidenceCodes.accepted, `installed ${kind} ${outcome.version}`, pump.serial),
        );
      } else items.push(evidence('media', outcome.code, `${kind} refused`, pump.serial));
    }
    const summary = `${accepted} of ${chosen.length} pump(s) accepted the ${tamper} ${kind}.`;
    return report(statusOf(accepted > 0), summary, items);
  },
};

/** The tampered file, signed by the attacker's own code-signing key when asked. */
function tamperedFile(
  context: AttackContext,
  kind: 'library' | 'firmware',
  tamper: 'unsigned' | 'attacker-signed',
): MediaFile {
  const content =
    kind === 'library'
      ? tamperedLibrary(
          mediaLimitFactor,
          nextVersion(context.lab.observe.pumps().map((pump) => pump.libraryVersion)),
        )
      : tamperedFirmware();
  if (tamper === 'unsigned') return { kind, content };
  return { kind, content, signature: attackerKit().sign(content, new Date(context.lab.now())) };
}
