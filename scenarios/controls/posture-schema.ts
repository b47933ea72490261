import { z } from 'zod';
import type { ErrorCode } from '../../core/errors.ts';
import { controlIds, type ControlId } from './controls.ts';

/** The code a posture file that does not validate is thrown with. */
export const postureInvalid: ErrorCode = 'POSTURE_INVALID';

/** The code for a posture name no shipped file carries. */
export const postureUnknown: ErrorCode = 'POSTURE_UNKNOWN';

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A control id, refused with the list of known ones so a trainer sees the typo at once. */
const controlIdField = z.enum(controlIds, {
  error: (issue) =>
    `unknown control ${JSON.stringify(issue.input)}; known controls: ${controlIds.join(', ')}`,
});

/**
 * A posture file (scenarios/controls/postures/*.yaml): a hospital's set of SP 1800-8 controls, with
 * the story a trainer tells of it. The file is named for the posture: `sp1800-8.yaml` holds
 * `name: sp1800-8`.
 */
export const postureFileSchema = z.strictObject({
  name: z.string().regex(kebab, 'a posture name is lower-case words joined by hyphens'),
  /** One line: "The 2015 hospital". */
  title: z.string().min(1).max(120),
  /** The hospital behind the posture, as a trainer reads it to the room. */
  description: z.string().min(1),
  /** The controls that are on; every other one is off (the 2015 default). */
  controls: z.array(controlIdField),
});
export type PostureFile = z.infer<typeof postureFileSchema>;

/**
 * A validated posture: plain data (it crosses to the lab worker processes as JSON). Its controls are
 * in the canonical order of `controlIds`, so two postures with the same controls compare equal.
 */
export interface Posture {
  name: string;
  title: string;
  description: string;
  controls: ControlId[];
}
