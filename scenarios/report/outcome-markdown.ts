import type { Scenario, ScenarioStep } from '../catalog/scenario-schema.ts';
import type { Outcome, StepOutcome } from '../engine/outcome.ts';
import { mdList, mdParagraphs, mdText } from './markdown-text.ts';
import { outcomeCard } from './outcome-card.ts';
import { mappingRows } from './scenario-mappings.ts';
import { stepStatusWords, timingLine } from './outcome-words.ts';

/** One step for the room: what happens, what to ask, then what the lab showed. */
function stepSection(index: number, step: ScenarioStep, ran: StepOutcome | undefined): string {
  const status = ran ? stepStatusWords[ran.status] : stepStatusWords['not-run'];
  const evidence = (ran?.evidence ?? []).map(
    (line) => `\`${mdText(line.source)}\` ${mdText(line.code)}: ${mdText(line.line)}`,
  );
  return [
    `### ${index + 1}. ${mdText(step.id)} (${mdText(step.action)}): ${status}`,
    mdParagraphs(step.narrative),
    ...(step.ask.length > 0 ? ['**Ask the room:**', mdList(step.ask.map(mdText))] : []),
    `**What happened:** ${ran ? mdText(ran.summary) : 'The step did not run: a step it requires was not done.'}`,
    ...(evidence.length > 0 ? ['**Evidence:**', mdList(evidence)] : []),
  ].join('\n\n');
}

/** The outcome card, section by section. */
function cardSection(outcome: Outcome): string {
  const card = outcomeCard(outcome);
  const part = (name: string, lines: string[]): string[] =>
    lines.length === 0 ? [] : [`**${name}:**`, mdList(lines.map(mdText))];
  return [
    '## Outcome',
    `**${card.result}.** ${mdText(card.headline)}`,
    ...part('Blocked by', card.blockedBy),
    ...part('Detection', card.detection),
    ...part('Clinical impact', card.impacts),
    ...part('Clinical workflow', card.workflow),
  ].join('\n\n');
}

/**
 * A tabletop handout of one run: the scenario's story and steps with the room's questions, what
 * the lab showed at each step, the outcome card, the mappings and the debrief. Everything taken
 * from the scenario file is escaped: it is user-written.
 * @example fs.writeFileSync('outcome.md', outcomeMarkdown(scenario, outcome))
 */
export function outcomeMarkdown(scenario: Scenario, outcome: Outcome): string {
  const ran = new Map(outcome.steps.map((step) => [step.id, step]));
  const controls = outcome.controls.length > 0 ? outcome.controls.join(', ') : 'none';
  const advisories = scenario.threat.advisories.map(mdText).join(', ');
  const sections = [
    `# ${mdText(scenario.title)}`,
    `_Scenario ${mdText(scenario.id)} · posture ${mdText(outcome.posture)} (controls: ${controls}) · seed ${mdText(outcome.seed)}_`,
    '## The threat',
    mdParagraphs(scenario.threat.summary),
    `SP 1800-8 risk: ${mdText(scenario.threat.sp1800_8)}` +
      (advisories ? ` · Advisories: ${advisories}` : ''),
    '## The story',
    mdParagraphs(scenario.story),
    '## The attacker',
    mdList([`Starts in zone: ${mdText(scenario.attacker.zone)}`, `Has: ${mdText(scenario.attacker.means)}`]),
    '## Before we start, ask the room',
    mdList(scenario.facilitator.opening.map(mdText)),
    '## Steps',
    ...scenario.steps.map((step, index) => stepSection(index, step, ran.get(step.id))),
    cardSection(outcome),
    '## Mappings',
    mdList(
      mappingRows(scenario).map((row) => `**${mdText(row.framework)}:** ${row.ids.map(mdText).join(', ')}`),
    ),
    '## Debrief',
    mdList(scenario.facilitator.debrief.map(mdText)),
    '---',
    `_${mdText(timingLine(outcome.timing))}_`,
  ];
  return `${sections.join('\n\n')}\n`;
}
