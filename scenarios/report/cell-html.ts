import type { Outcome, StepOutcome } from '../engine/outcome.ts';
import { esc, htmlList } from './html-text.ts';
import { symbols } from './html-page.ts';
import { outcomeCard } from './outcome-card.ts';
import { barrierShort, detectionShort, impactShort, stepStatusWords } from './outcome-words.ts';

/** One step's status, summary and evidence lines, as HTML. */
export function stepEvidenceHtml(step: StepOutcome): string {
  const lines = step.evidence.map((line) => `${line.source} ${line.code}: ${line.line}`);
  return `<p><strong>${esc(step.id)}</strong> (${esc(step.action)}): ${stepStatusWords[step.status]}. ${esc(step.summary)}</p>${htmlList(lines)}`;
}

/** The outcome card and every step's evidence: what a cell's <details> holds. */
export function outcomeEvidenceHtml(outcome: Outcome): string {
  const card = outcomeCard(outcome);
  const part = (name: string, lines: string[]): string =>
    lines.length === 0 ? '' : `<p><strong>${esc(name)}</strong></p>${htmlList(lines)}`;
  return [
    `<p>${esc(card.headline)}</p>`,
    part('Blocked by', card.blockedBy),
    part('Detection', card.detection),
    part('Clinical impact', card.impacts),
    part('Clinical workflow', card.workflow),
    '<p><strong>Steps</strong></p>',
    ...outcome.steps.map(stepEvidenceHtml),
  ].join('');
}

/** The words under a cell's label: by what it was blocked, or what happened. */
function cellDetail(outcome: Outcome): string {
  if (outcome.result === 'blocked') {
    const first = outcome.blockedBy[0];
    return first ? `by ${barrierShort(first)}` : 'no objective observed';
  }
  const observed = outcome.impacts.filter((impact) => impact.observed);
  return observed.map(impactShort).join(' · ');
}

/**
 * A grid cell (a <td>) for one outcome: class for the colour, a symbol and a word for the result,
 * the detection in a symbol and words, and the evidence folded in a <details>. `extra` adds a class
 * and a line (the ablation's single point of failure mark), or opens the fold (a single run's page).
 */
export function outcomeCellHtml(
  outcome: Outcome | undefined,
  extra: { className?: string; line?: string; open?: boolean } = {},
): string {
  const extraLine = extra.line ? `<span class="sub"><strong>${esc(extra.line)}</strong></span>` : '';
  if (!outcome)
    return `<td class="cell not-run ${extra.className ?? ''}"><span class="sym" aria-hidden="true">${symbols.notRun}</span><span class="label">NOT RUN</span>${extraLine}</td>`;
  const classes = ['cell', outcome.result, outcome.detection.detected ? 'detected' : 'undetected'];
  if (extra.className) classes.push(extra.className);
  const symbol = outcome.result === 'blocked' ? symbols.blocked : symbols.succeeded;
  const detection = outcome.detection.detected ? symbols.detected : symbols.undetected;
  const summary = [
    `<span class="sym" aria-hidden="true">${symbol}</span><span class="label">${outcome.result.toUpperCase()}</span>`,
    `<span class="sub">${esc(cellDetail(outcome))}</span>`,
    `<span class="sub"><span aria-hidden="true">${detection}</span> ${esc(detectionShort(outcome))}</span>`,
    extraLine,
  ].join('');
  return `<td class="${classes.join(' ')}"><details${extra.open ? ' open' : ''}><summary>${summary}</summary><div class="evidence">${outcomeEvidenceHtml(outcome)}</div></details></td>`;
}
