import type { Command } from 'commander';
import { z } from 'zod';
import { scenarioById } from '../../scenarios/catalog/catalog.ts';
import type { LabSettings } from '../../scenarios/controls/lab-settings.ts';
import { readPosture } from '../../scenarios/controls/posture.ts';
import { outcomeCard, outcomeCardText } from '../../scenarios/report/outcome-card.ts';
import { stepStatusWords } from '../../scenarios/report/outcome-words.ts';
import { writeOutcomeReports } from '../../scenarios/report/write-reports.ts';
import { emit, progress } from './output.ts';
import { catalogOptionsSchema, defaultSeed, withCatalogOptions } from './scenario-options.ts';
import { cliAction, cliLogger } from './shared-options.ts';

const runOptions = catalogOptionsSchema.extend({
  id: z.string().min(1),
  posture: z.string().min(1),
  seed: z.string().min(1).default(defaultSeed),
  out: z.string().min(1).optional(),
});

/**
 * `pumplab scenario run ID --posture P`: plays one scenario against a fresh embedded lab in this
 * process and prints its outcome card. A blocked attack is a result, not an error: the command exits
 * 0 whatever the outcome, and non-zero only when it could not run (unknown id, a lab that failed).
 */
export function registerScenarioRun(scenario: Command): void {
  withCatalogOptions(
    scenario
      .command('run')
      .description('run one scenario against a fresh lab under a posture')
      .argument('<id>', 'scenario id (see: pumplab scenario list)')
      .requiredOption(
        '--posture <posture>',
        'a shipped posture name (see: pumplab posture list) or a file path',
      )
      .option('--seed <seed>', 'same seed, same ward, same outcome', defaultSeed)
      .option('--out <dir>', 'also write the outcome as Markdown, JSON and HTML into this folder'),
  ).action(
    cliAction(runOptions, async (options) => {
      // Both lookups first: a typo fails in a second, before any lab starts.
      const found = scenarioById(options.id, options.catalog);
      const posture = readPosture(options.posture);
      progress(`running ${found.id} under ${posture.name} (seed ${options.seed}): a fresh lab starts…`);
      // The engine and the lab load here, not when the CLI starts: other commands need neither.
      const { runScenario } = await import('../../scenarios/engine/run-scenario.ts');
      const { launchEmbeddedLab } = await import('../scenario-lab/launch-embedded-lab.ts');
      const logger = cliLogger();
      const launcher = (settings: LabSettings, seed: string) => launchEmbeddedLab(settings, seed, { logger });
      const outcome = await runScenario(found, posture, options.seed, launcher, {
        afterStep: (step) => progress(`step ${step.id}: ${stepStatusWords[step.status]}. ${step.summary}`),
      });
      const files = options.out ? writeOutcomeReports(options.out, found, outcome) : [];
      // With --json, stdout is the outcome alone; say where the files went on stderr.
      if (options.json && files.length > 0) progress(`wrote ${files.join(', ')}`);
      emit(options, outcome, () =>
        [
          outcomeCardText(outcomeCard(outcome), found.title),
          ...(files.length > 0 ? ['', 'Wrote:', ...files.map((file) => `  ${file}`)] : []),
        ].join('\n'),
      );
    }),
  );
}
