import fs from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../catalog/scenario-schema.ts';
import type { AblationResult, MatrixResult } from '../engine/matrix-result.ts';
import type { Outcome } from '../engine/outcome.ts';
import { ablationHtml } from './ablation-html.ts';
import { ablationMarkdown } from './ablation-markdown.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import { outcomeHtml } from './outcome-html.ts';
import { outcomeMarkdown } from './outcome-markdown.ts';
import { stableJson } from './stable-json.ts';

/** Writes each `name → text` into `dir` (made if missing) and returns the paths written, in order. */
function writeAll(dir: string, files: [name: string, text: string][]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}

/** A file-name-safe form of an id (a posture may be named by a path). */
const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'run';

/**
 * Writes one run's reports: `<scenario>--<posture>.json`, `.md` and `.html` in `dir`.
 * @example writeOutcomeReports('out', scenario, outcome) // ['out/usb-library--sp1800-8.json', ...]
 */
export function writeOutcomeReports(dir: string, scenario: Scenario, outcome: Outcome): string[] {
  const base = `${fileSafe(outcome.scenario)}--${fileSafe(outcome.posture)}`;
  return writeAll(dir, [
    [`${base}.json`, stableJson(outcome)],
    [`${base}.md`, outcomeMarkdown(scenario, outcome)],
    [`${base}.html`, outcomeHtml(scenario, outcome)],
  ]);
}

/**
 * Writes matrix.json/.md/.html and, given an ablation, ablation.json/.md/.html in `dir`.
 * `titles` names the ablation's scenarios (the matrix carries its own).
 */
export function writeMatrixReports(
  dir: string,
  matrix: MatrixResult | undefined,
  ablation: AblationResult | undefined,
  titles?: ReadonlyMap<string, string>,
): string[] {
  const files: [string, string][] = [];
  if (matrix)
    files.push(
      ['matrix.json', stableJson(matrix)],
      ['matrix.md', matrixMarkdown(matrix)],
      ['matrix.html', matrixHtml(matrix)],
    );
  if (ablation)
    files.push(
      ['ablation.json', stableJson(ablation)],
      ['ablation.md', ablationMarkdown(ablation, titles)],
      ['ablation.html', ablationHtml(ablation, titles)],
    );
  return writeAll(dir, files);
}
