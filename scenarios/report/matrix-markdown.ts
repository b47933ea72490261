import type { MatrixResult } from '../engine/matrix-result.ts';
import { mdList, mdTable, mdText } from './markdown-text.ts';
import { matrixCell } from './matrix-lookup.ts';
import { barrierSentence, cellText, timingLine } from './outcome-words.ts';
import type { Outcome } from '../engine/outcome.ts';

/** Why a cell came out as it did, in one line: its first barrier, or what was observed. */
function cellWhy(cell: Outcome): string {
  const first = cell.blockedBy[0];
  if (cell.result === 'blocked') return first ? barrierSentence(first) : 'No objective impact was observed.';
  const observed = cell.impacts.filter((impact) => impact.observed).map((impact) => impact.clinical);
  return observed.join(' ') || 'The objective was observed.';
}

/**
 * The matrix as a Markdown table (scenario × posture), cell text like "BLOCKED by segmentation ·
 * detected" or "SUCCEEDED · 9 mL over order · not detected", then each cell's reason in a line.
 * @example fs.writeFileSync('matrix.md', matrixMarkdown(matrix))
 */
export function matrixMarkdown(matrix: MatrixResult): string {
  const header = ['Scenario', ...matrix.postures.map((posture) => mdText(posture.title))];
  const rows = matrix.scenarios.map((scenario) => [
    `**${mdText(scenario.title)}**`,
    ...matrix.postures.map((posture) => {
      const cell = matrixCell(matrix, scenario.id, posture.name);
      return cell ? mdText(cellText(cell)) : 'NOT RUN';
    }),
  ]);
  const postures = matrix.postures.map(
    (posture) =>
      `**${mdText(posture.title)}** (${mdText(posture.name)}): ${posture.controls.length > 0 ? posture.controls.join(', ') : 'no controls'}`,
  );
  const reasons = matrix.scenarios.flatMap((scenario) =>
    matrix.postures.map((posture) => {
      const cell = matrixCell(matrix, scenario.id, posture.name);
      const why = cell ? `${mdText(cellText(cell))}. ${mdText(cellWhy(cell))}` : 'NOT RUN: the cell failed.';
      return `${mdText(scenario.title)} × ${mdText(posture.name)}: ${why}`;
    }),
  );
  return `${[
    '# Scenario matrix',
    `_Seed ${mdText(matrix.seed)}. Each cell is one run of the scenario in a fresh lab under the posture._`,
    mdTable(header, rows),
    '## Postures',
    mdList(postures),
    '## Why each cell came out as it did',
    mdList(reasons),
    '---',
    `_${mdText(timingLine(matrix.timing))}_`,
  ].join('\n\n')}\n`;
}
