import type { AblationResult, MatrixResult } from '../../scenarios/engine/matrix-result.ts';
import { findingSentences } from '../../scenarios/report/ablation-findings.ts';
import { matrixCell, titleOf } from '../../scenarios/report/matrix-lookup.ts';
import { cellText } from '../../scenarios/report/outcome-words.ts';
import { formatTable } from './output.ts';

/**
 * What `pumplab matrix` prints for people: the matrix as a table of cell texts, the ablation's
 * single points of failure, and the files written.
 */
export function matrixText(
  matrix: MatrixResult,
  ablation: AblationResult | undefined,
  titles: ReadonlyMap<string, string>,
  files: readonly string[],
): string {
  const table = formatTable(matrix.scenarios, [
    { header: 'SCENARIO', value: (scenario) => scenario.id },
    ...matrix.postures.map((posture) => ({
      header: posture.name.toUpperCase(),
      value: (scenario: { id: string }) => {
        const cell = matrixCell(matrix, scenario.id, posture.name);
        return cell ? cellText(cell) : 'NOT RUN';
      },
    })),
  ]);
  const said = ablation ? findingSentences(ablation, (id) => titleOf(titles, id)) : undefined;
  return [
    table,
    ...(said && ablation
      ? [
          '',
          `Ablation of ${ablation.base.name}:`,
          ...(said.singlePoints.length > 0
            ? said.singlePoints.map((line) => `  single point of failure: ${line}`)
            : ['  no single point of failure']),
          ...said.inDepth.map((line) => `  in depth: ${line}`),
          ...said.notBlocked.map((line) => `  not blocked: ${line}`),
        ]
      : []),
    '',
    'Reports written:',
    ...files.map((file) => `  ${file}`),
  ].join('\n');
}
