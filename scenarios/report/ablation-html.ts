import { controlOf } from '../controls/controls.ts';
import type { AblationResult } from '../engine/matrix-result.ts';
import { findingOf, findingSentences, removedControls } from './ablation-findings.ts';
import { outcomeCellHtml } from './cell-html.ts';
import { htmlPage, legend, symbols } from './html-page.ts';
import { esc, htmlList } from './html-text.ts';
import { ablationCell, ablationScenarios, baselineCell, titleOf } from './matrix-lookup.ts';
import { timingLine } from './outcome-words.ts';

/** One row of the grid: the scenario under the full base, then without each control. */
function gridRow(ablation: AblationResult, scenario: string, title: string): string {
  const finding = findingOf(ablation, scenario);
  const cells = removedControls(ablation).map((control) => {
    const single = finding?.singlePointOfFailure === control;
    return outcomeCellHtml(
      ablationCell(ablation, scenario, control),
      single ? { className: 'spof', line: `${symbols.singlePoint} single point of failure` } : {},
    );
  });
  return `<tr><th scope="row" class="row">${esc(title)}<span class="sub">${esc(scenario)}</span></th>${outcomeCellHtml(baselineCell(ablation, scenario))}${cells.join('')}</tr>`;
}

/**
 * The ablation as one standalone page: a grid of scenario × removed control (the full base posture
 * first), single points of failure marked in words and a frame, each cell's evidence in a
 * <details>, a legend, and the findings.
 * @example fs.writeFileSync('ablation.html', ablationHtml(ablation, titles))
 */
export function ablationHtml(ablation: AblationResult, titles?: ReadonlyMap<string, string>): string {
  const title = (id: string): string => titleOf(titles, id);
  const head = `<tr><th scope="col">Scenario</th><th scope="col">All of ${esc(ablation.base.name)}</th>${removedControls(
    ablation,
  )
    .map(
      (control) =>
        `<th scope="col">without ${esc(controlOf(control).title)}<span class="sub">${esc(control)}</span></th>`,
    )
    .join('')}</tr>`;
  const rows = ablationScenarios(ablation).map((scenario) => gridRow(ablation, scenario, title(scenario)));
  const said = findingSentences(ablation, title);
  const body = [
    `<h1>Ablation of ${esc(ablation.base.name)}</h1>`,
    `<p class="meta">Seed ${esc(ablation.seed)}. Every scenario ran under ${esc(ablation.base.name)}, then once more without each of its controls in turn; open a cell for its evidence.</p>`,
    legend(true),
    `<table class="grid compact"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`,
    '<h2>Single points of failure</h2>',
    htmlList(said.singlePoints) || '<p>None.</p>',
    '<h2>Defense in depth</h2>',
    htmlList(said.inDepth) || '<p>None.</p>',
    '<h2>What each attack depends on being absent</h2>',
    htmlList(said.dependsOn) || '<p>None.</p>',
    ...(said.notBlocked.length > 0
      ? ['<h2>Not blocked by the base posture</h2>', htmlList(said.notBlocked)]
      : []),
  ].join('\n');
  return htmlPage(`pumplab ablation of ${ablation.base.name}`, body, timingLine(ablation.timing));
}
