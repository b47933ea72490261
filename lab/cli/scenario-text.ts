import type { Scenario, ScenarioStep } from '../../scenarios/catalog/scenario-schema.ts';
import { mappingRows } from '../../scenarios/report/scenario-mappings.ts';

/** Terminal width the text is wrapped to. */
const width = 100;

/**
 * `text` wrapped at word boundaries to `width` columns, each line after `first` (the first line's
 * prefix) indented to match it. A word longer than a line keeps its own line.
 * @example wrap('a b c', '  - ') // ['  - a b c']
 */
export function wrap(text: string, first: string, rest = ' '.repeat(first.length)): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.trim().split(/\s+/)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** A section: its heading, then its items, each wrapped and set off by `marker`. */
const section = (heading: string, items: readonly string[], marker = '- '): string[] =>
  items.length === 0 ? [] : ['', heading, ...items.flatMap((item) => wrap(item, `  ${marker}`))];

function stepLines(step: ScenarioStep, index: number): string[] {
  const params = Object.keys(step.with).length > 0 ? ` ${JSON.stringify(step.with)}` : '';
  return [
    '',
    `  ${index + 1}. ${step.id}: ${step.action}${params}`,
    ...(step.requires ? [`     requires: ${step.requires.join(', ') || 'nothing'}`] : []),
    ...wrap(step.narrative, '     '),
    ...step.ask.flatMap((question) => wrap(question, '     ask: ')),
  ];
}

/**
 * A scenario file as a trainer reads it before a session: the threat and story, the attacker, the
 * objective, the opening questions, each step with its narrative and questions, the debrief and
 * the mappings; wrapped for a terminal.
 */
export function scenarioText(scenario: Scenario): string {
  const { threat } = scenario;
  return [
    `${scenario.title} (${scenario.id})`,
    ...section('Threat:', [
      threat.summary,
      `SP 1800-8: ${threat.sp1800_8}`,
      ...(threat.advisories.length > 0 ? [`Advisories: ${threat.advisories.join(', ')}`] : []),
    ]),
    '',
    'Story:',
    ...wrap(scenario.story, '  '),
    ...section('Attacker:', [`zone: ${scenario.attacker.zone}`, `means: ${scenario.attacker.means}`]),
    ...section('Objective:', [
      `${scenario.objective.join(', ')}, measured after ${scenario.exposureMinutes} lab minutes`,
    ]),
    ...section('Opening questions:', scenario.facilitator.opening),
    '',
    'Steps:',
    ...scenario.steps.flatMap(stepLines),
    ...section('Debrief:', scenario.facilitator.debrief),
    ...section(
      'Mappings:',
      mappingRows(scenario).map((row) => `${row.framework}: ${row.ids.join(', ')}`),
    ),
  ].join('\n');
}
