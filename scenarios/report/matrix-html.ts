import type { MatrixResult } from '../engine/matrix-result.ts';
import { outcomeCellHtml } from './cell-html.ts';
import { htmlPage, legend } from './html-page.ts';
import { esc } from './html-text.ts';
import { matrixCell } from './matrix-lookup.ts';
import { timingLine } from './outcome-words.ts';

/**
 * The matrix as one standalone page for a projector: a colour grid of scenario × posture, each cell
 * labelled in words and symbols, its evidence folded in a <details>, and a legend.
 * @example fs.writeFileSync('matrix.html', matrixHtml(matrix))
 */
export function matrixHtml(matrix: MatrixResult): string {
  const head = `<tr><th scope="col">Scenario</th>${matrix.postures
    .map(
      (posture) =>
        `<th scope="col">${esc(posture.title)}<span class="sub">${esc(posture.name)} · ${posture.controls.length} controls</span></th>`,
    )
    .join('')}</tr>`;
  const rows = matrix.scenarios.map(
    (scenario) =>
      `<tr><th scope="row" class="row">${esc(scenario.title)}<span class="sub">${esc(scenario.id)}</span></th>${matrix.postures
        .map((posture) => outcomeCellHtml(matrixCell(matrix, scenario.id, posture.name)))
        .join('')}</tr>`,
  );
  const postures = matrix.postures.map(
    (posture) =>
      `<li><strong>${esc(posture.title)}</strong> (${esc(posture.name)}): ${esc(posture.controls.join(', ') || 'no controls')}</li>`,
  );
  const body = [
    '<h1>Scenario matrix</h1>',
    `<p class="meta">Seed ${esc(matrix.seed)}. Each cell is one run of the scenario in a fresh lab under the posture; open a cell for its evidence.</p>`,
    legend(false),
    `<table class="grid"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`,
    '<h2>Postures</h2>',
    `<ul>${postures.join('')}</ul>`,
  ].join('\n');
  return htmlPage('pumplab scenario matrix', body, timingLine(matrix.timing));
}
