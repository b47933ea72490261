import { controlOf } from '../controls/controls.ts';
import type { AblationFinding, AblationResult } from '../engine/matrix-result.ts';
import { findingSentences, removedControls } from './ablation-findings.ts';
import { mdList, mdTable, mdText } from './markdown-text.ts';
import { titleOf } from './matrix-lookup.ts';
import { timingLine } from './outcome-words.ts';

/** One row per removed control: which attacks get through, and whose detection changes, without it. */
function perControlTable(ablation: AblationResult, title: (id: string) => string): string {
  const scenariosWhere = (has: (finding: AblationFinding) => boolean): string =>
    ablation.findings
      .filter(has)
      .map((finding) => mdText(title(finding.scenario)))
      .join(', ') || '-';
  const rows = removedControls(ablation).map((control) => [
    `**${mdText(controlOf(control).title)}** (${control})`,
    String(controlOf(control).cost),
    scenariosWhere((finding) => finding.dependsOn.includes(control)),
    scenariosWhere((finding) => finding.singlePointOfFailure === control),
    scenariosWhere((finding) => finding.detectionDependsOn.includes(control)),
  ]);
  const header = [
    'Control removed',
    'Cost',
    'Attacks that get through',
    'Only barrier of',
    'Detection changes for',
  ];
  return mdTable(header, rows);
}

/**
 * The ablation as a Markdown handout: the base posture, the per-control table, then the findings
 * (single points of failure, defense in depth, what each attack depends on being absent).
 * `titles` maps scenario ids to titles (ids are shown when absent).
 * @example fs.writeFileSync('ablation.md', ablationMarkdown(ablation, titles))
 */
export function ablationMarkdown(ablation: AblationResult, titles?: ReadonlyMap<string, string>): string {
  const title = (id: string): string => titleOf(titles, id);
  const said = findingSentences(ablation, title);
  const list = (items: string[]): string => mdList(items.map(mdText));
  return `${[
    `# Ablation of ${mdText(ablation.base.name)}`,
    `_Seed ${mdText(ablation.seed)}. Every scenario ran under ${mdText(ablation.base.name)} (${ablation.base.controls.join(', ')}), then once more without each control in turn._`,
    '## Without each control',
    perControlTable(ablation, title),
    '## Single points of failure',
    list(said.singlePoints),
    '## Defense in depth',
    list(said.inDepth),
    '## What each attack depends on being absent',
    list(said.dependsOn),
    ...(said.notBlocked.length > 0 ? ['## Not blocked by the base posture', list(said.notBlocked)] : []),
    '---',
    `_${mdText(timingLine(ablation.timing))}_`,
  ].join('\n\n')}\n`;
}
