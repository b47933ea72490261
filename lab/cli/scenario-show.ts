import type { Command } from 'commander';
import { z } from 'zod';
import { scenarioById } from '../../scenarios/catalog/catalog.ts';
import { emit } from './output.ts';
import { catalogOptionsSchema, withCatalogOptions } from './scenario-options.ts';
import { scenarioText } from './scenario-text.ts';
import { cliAction } from './shared-options.ts';

const showOptions = catalogOptionsSchema.extend({ id: z.string().min(1) });

/** `pumplab scenario show ID`: one scenario file, readable (or as parsed, with --json). */
export function registerScenarioShow(scenario: Command): void {
  withCatalogOptions(
    scenario.command('show').description('show one scenario').argument('<id>', 'scenario id'),
  ).action(
    cliAction(showOptions, (options) => {
      const found = scenarioById(options.id, options.catalog);
      emit(options, found, () => scenarioText(found));
    }),
  );
}
