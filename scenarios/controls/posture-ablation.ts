import { controlOf } from './controls.ts';
import type { Posture } from './posture-schema.ts';

/**
 * The ablation of a posture: for each of its controls, the same posture without that one control,
 * named `<name>-minus-<control>`. Run against the catalog, it shows what each control alone was
 * holding back (issue 6: sp1800-8 minus each control), in the order of the posture's controls.
 *
 * @example ablationOf(readPosture('sp1800-8')).map((p) => p.name)[0] // 'sp1800-8-minus-segmentation'
 */
export function ablationOf(posture: Posture): Posture[] {
  return posture.controls.map((removed) => {
    const control = controlOf(removed);
    return {
      name: `${posture.name}-minus-${removed}`,
      title: `${posture.title}, without ${control.title.toLowerCase()}`,
      description:
        `${posture.title} with one control switched off: ${control.title} (${control.reference}). ` +
        `Everything else stays on, so what gets through now is what this one control held back.`,
      controls: posture.controls.filter((id) => id !== removed),
    };
  });
}
