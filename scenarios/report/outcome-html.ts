import type { Scenario, ScenarioStep } from '../catalog/scenario-schema.ts';
import type { Outcome, StepOutcome } from '../engine/outcome.ts';
import { outcomeCellHtml, stepEvidenceHtml } from './cell-html.ts';
import { htmlPage, legend } from './html-page.ts';
import { esc, htmlList, htmlParagraphs } from './html-text.ts';
import { stepStatusWords, timingLine } from './outcome-words.ts';
import { mappingRows } from './scenario-mappings.ts';

/** One step for the room: narrative, the questions to ask, then what the lab showed. */
function stepHtml(index: number, step: ScenarioStep, ran: StepOutcome | undefined): string {
  const asked = step.ask.length > 0 ? `<p><strong>Ask the room:</strong></p>${htmlList(step.ask)}` : '';
  const shown = ran
    ? `<details><summary>What happened: ${stepStatusWords[ran.status]}</summary><div class="evidence">${stepEvidenceHtml(ran)}</div></details>`
    : '<p>NOT RUN: a step it requires was not done.</p>';
  return `<h3>${index + 1}. ${esc(step.id)} (${esc(step.action)})</h3>${htmlParagraphs(step.narrative)}${asked}${shown}`;
}

/**
 * One run as a standalone page: the scenario's story and steps for the room, the outcome as a card
 * (the same cell the matrix shows, open), the mappings and the debrief questions.
 * @example fs.writeFileSync('outcome.html', outcomeHtml(scenario, outcome))
 */
export function outcomeHtml(scenario: Scenario, outcome: Outcome): string {
  const ran = new Map(outcome.steps.map((step) => [step.id, step]));
  const mappings = mappingRows(scenario).map(
    (row) => `<li><strong>${esc(row.framework)}:</strong> ${esc(row.ids.join(', '))}</li>`,
  );
  const body = [
    `<h1>${esc(scenario.title)}</h1>`,
    `<p class="meta">Scenario ${esc(scenario.id)} · posture ${esc(outcome.posture)} (controls: ${esc(outcome.controls.join(', ') || 'none')}) · seed ${esc(outcome.seed)}</p>`,
    '<h2>The threat</h2>',
    htmlParagraphs(scenario.threat.summary),
    `<p>SP 1800-8 risk: ${esc(scenario.threat.sp1800_8)}${scenario.threat.advisories.length > 0 ? ` · Advisories: ${esc(scenario.threat.advisories.join(', '))}` : ''}</p>`,
    '<h2>The story</h2>',
    htmlParagraphs(scenario.story),
    '<h2>The attacker</h2>',
    htmlList([`Starts in zone: ${scenario.attacker.zone}`, `Has: ${scenario.attacker.means}`]),
    '<h2>Before we start, ask the room</h2>',
    htmlList(scenario.facilitator.opening),
    '<h2>Steps</h2>',
    ...scenario.steps.map((step, index) => stepHtml(index, step, ran.get(step.id))),
    '<h2>Outcome</h2>',
    legend(false),
    `<table class="grid"><tbody><tr>${outcomeCellHtml(outcome, { open: true })}</tr></tbody></table>`,
    '<h2>Mappings</h2>',
    `<ul>${mappings.join('')}</ul>`,
    '<h2>Debrief</h2>',
    htmlList(scenario.facilitator.debrief),
  ].join('\n');
  return htmlPage(`pumplab: ${scenario.title}`, body, timingLine(outcome.timing));
}
