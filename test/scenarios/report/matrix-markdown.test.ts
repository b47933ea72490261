import { describe, expect, it } from 'vitest';
import { ablationMarkdown } from '../../../scenarios/report/ablation-markdown.ts';
import { matrixMarkdown } from '../../../scenarios/report/matrix-markdown.ts';
import { ablation, matrix } from './report-fixtures.ts';

describe('matrix markdown', () => {
  it('is a scenario × posture table whose cells say the result, the barrier or impact, and detection', () => {
    const text = matrixMarkdown(matrix());
    expect(text).toContain('| Scenario | The 2015 hospital | The SP 1800-8 hospital |');
    expect(text).toContain(
      '| **Rogue laptop changes a dose** | SUCCEEDED · 9 mL over order · not detected | BLOCKED by segmentation · detected |',
    );
  });

  it('says NOT RUN for a cell the matrix lacks', () => {
    const result = matrix();
    result.cells = result.cells.slice(0, 1);
    expect(matrixMarkdown(result)).toContain('| SUCCEEDED · 9 mL over order · not detected | NOT RUN |');
  });

  it('gives each cell its reason: the barrier with its evidence, or the clinical impact', () => {
    const text = matrixMarkdown(matrix());
    expect(text).toContain('Rate changed from 5 to 50 mL/h for 12 min, 9 mL over the order.');
    expect(text).toContain('Network segmentation (segmentation) at step scan');
  });
});

describe('ablation markdown', () => {
  const titles = new Map([['rogue-dose', 'Rogue laptop changes a dose']]);

  it('has a per-control table: what gets through and whose detection changes without each control', () => {
    const text = ablationMarkdown(ablation(), titles);
    expect(text).toContain(
      '| **Network segmentation** (segmentation) | 2 | Rogue laptop changes a dose | Rogue laptop changes a dose | - |',
    );
    expect(text).toContain(
      '| **Monitoring and anomaly detection** (monitoring) | 3 | - | - | Rogue laptop changes a dose |',
    );
  });

  it('states the findings: single points of failure, depth, and what each attack depends on being absent', () => {
    const text = ablationMarkdown(ablation(), titles);
    expect(text).toContain(
      '## Single points of failure\n\n- Rogue laptop changes a dose: only Network segmentation (segmentation) stands in the way.',
    );
    expect(text).toContain('## Defense in depth\n\n- _none_');
    expect(text).toContain(
      '- Rogue laptop changes a dose succeeds when any one of these is absent: Network segmentation (segmentation).',
    );
  });
});
