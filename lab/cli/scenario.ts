import type { Command } from 'commander';
import { loadCatalog } from '../../scenarios/catalog/catalog.ts';
import { emit, formatTable } from './output.ts';
import { registerScenarioRun } from './scenario-run.ts';
import { registerScenarioShow } from './scenario-show.ts';
import { catalogOptionsSchema, withCatalogOptions } from './scenario-options.ts';
import { cliAction } from './shared-options.ts';

/** One line of `scenario list`. */
interface ListedScenario {
  id: string;
  title: string;
  zone: string;
  objective: string[];
}

function registerScenarioList(scenario: Command): void {
  withCatalogOptions(scenario.command('list').description('list the scenarios of the catalog')).action(
    cliAction(catalogOptionsSchema, (options) => {
      const listed: ListedScenario[] = loadCatalog(options.catalog).map((item) => ({
        id: item.id,
        title: item.title,
        zone: item.attacker.zone,
        objective: item.objective,
      }));
      emit(options, listed, () =>
        formatTable(listed, [
          { header: 'ID', value: (row) => row.id },
          { header: 'TITLE', value: (row) => row.title },
          { header: 'ATTACKER ZONE', value: (row) => row.zone },
          { header: 'OBJECTIVE', value: (row) => row.objective.join(', ') },
        ]),
      );
    }),
  );
}

/** `pumplab scenario ...`: the attack scenarios, one at a time, for a tabletop exercise. */
export function registerScenario(program: Command): void {
  const scenario = program.command('scenario').description('list, show and run attack scenarios');
  registerScenarioList(scenario);
  registerScenarioShow(scenario);
  registerScenarioRun(scenario);
}
