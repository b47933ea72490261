import type { Logger } from '../../core/logger.ts';
import type { LabSettings } from '../../scenarios/controls/lab-settings.ts';
import type { LabUnderTest } from '../../scenarios/engine/lab-under-test.ts';
import { EmbeddedLab } from '../embedded/embedded-lab.ts';
import { embeddedLabOptions } from './embedded-lab-options.ts';
import { EmbeddedLabUnderTest } from './embedded-lab-under-test.ts';
import { freshLabStateDir, removeLabStateDir } from './lab-state-dir.ts';
import { scenarioClock } from './lab-time.ts';

/** How large a scenario lab is, and where it logs. */
export interface LaunchOptions {
  /** Pumps on the ward; default 6 (two infusing, a third each of 2.4.0, 3.1.0, 4.2.1 by default). */
  pumps?: number;
  logger?: Logger;
}

/** The ward of a scenario lab: enough pumps for two infusions and a third of each firmware. */
export const scenarioLabPumps = 6;

/**
 * Starts a fresh zoned embedded lab under a posture's `settings` (a LabLauncher): its own state
 * directory with a copy of the lab PKI, every listener on a free port, the lab clock at the steps'
 * speed. Closing it stops the lab and removes the state directory.
 * @example
 * const lab = await launchEmbeddedLab(settingsFor(new Set(['segmentation'])), 'seed-1');
 * lab.reach('enterprise', 'pump-maintenance'); // { host: '127.10.0.1', port: 40211, servername: 'pump' }
 * await lab.close();
 * @throws PumplabError from the lab's start (a missing identity, GATEWAY_LISTEN_FAILED...)
 */
export async function launchEmbeddedLab(
  settings: LabSettings,
  seed: string,
  options: LaunchOptions = {},
): Promise<LabUnderTest> {
  const pumps = options.pumps ?? scenarioLabPumps;
  const stateDir = freshLabStateDir(pumps);
  const logger = options.logger;
  const clock = scenarioClock();
  let lab: EmbeddedLab | undefined;
  try {
    const place = { stateDir, pumps, clock, ...(logger ? { logger } : {}) };
    lab = await EmbeddedLab.start(embeddedLabOptions(settings, seed, place));
    return await EmbeddedLabUnderTest.open(lab, {
      settings,
      stateDir,
      clock,
      ...(logger ? { logger } : {}),
      onClosed: () => removeLabStateDir(stateDir),
    });
  } catch (error) {
    await lab?.close();
    removeLabStateDir(stateDir);
    throw error;
  }
}
