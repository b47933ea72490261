import { controlOf, type ControlId } from '../controls/controls.ts';
import type { AblationFinding, AblationResult } from '../engine/matrix-result.ts';

/** What an ablation shows, as plain sentences (each format escapes them its own way). */
export interface FindingSentences {
  /** Scenarios one control alone stops. */
  singlePoints: string[];
  /** Scenarios no single removal lets through. */
  inDepth: string[];
  /** Per scenario blocked by the base: which absences let it through. */
  dependsOn: string[];
  /** Scenarios that get through the full base posture. */
  notBlocked: string[];
}

/**
 * Says the findings of an ablation: single points of failure, defense in depth, and what each attack
 * depends on being absent. `title` names a scenario.
 * @example findingSentences(ablation, (id) => id).singlePoints // ['usb-library: only Signed drug libraries stands']
 */
export function findingSentences(ablation: AblationResult, title: (id: string) => string): FindingSentences {
  const { findings } = ablation;
  const name = (finding: AblationFinding): string => title(finding.scenario);
  const controlsSaid = (ids: ControlId[]): string =>
    ids.map((id) => `${controlOf(id).title} (${id})`).join(', ');
  return {
    singlePoints: findings.flatMap((finding) =>
      finding.singlePointOfFailure === null
        ? []
        : [`${name(finding)}: only ${controlsSaid([finding.singlePointOfFailure])} stands in the way.`],
    ),
    inDepth: findings
      .filter((finding) => finding.inDepth)
      .map((finding) => `${name(finding)}: blocked, and no single removal lets it through.`),
    dependsOn: findings
      .filter((finding) => finding.blockedByBase)
      .map((finding) =>
        finding.dependsOn.length > 0
          ? `${name(finding)} succeeds when any one of these is absent: ${controlsSaid(finding.dependsOn)}.`
          : `${name(finding)} needs more than one control absent to succeed.`,
      ),
    notBlocked: findings
      .filter((finding) => !finding.blockedByBase)
      .map((finding) => `${name(finding)}: succeeds even with every control of ${ablation.base.name}.`),
  };
}

/** The removed controls of an ablation, in the base posture's order. */
export const removedControls = (ablation: AblationResult): ControlId[] =>
  ablation.base.controls.filter((control) => ablation.cells.some((cell) => cell.removed === control));

/** The finding of `scenario`, if the ablation holds one. */
export const findingOf = (ablation: AblationResult, scenario: string): AblationFinding | undefined =>
  ablation.findings.find((finding) => finding.scenario === scenario);
