import fs from 'node:fs';
import { readInputText } from '../../core/input-file.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PumplabError } from '../../core/errors.ts';
import { parseLocatedYaml, throwProblems, type YamlProblem } from '../../gateway/yaml/located-yaml.ts';
import { controlIds, type ControlId } from './controls.ts';
import { settingsFor, type LabSettings } from './lab-settings.ts';
import { postureFileSchema, postureInvalid, postureUnknown, type Posture } from './posture-schema.ts';

export type { Posture } from './posture-schema.ts';

/** Where the shipped postures live: one `<name>.yaml` each. */
export const shippedPostureDir = fileURLToPath(new URL('./postures/', import.meta.url));

/**
 * Parses and validates a posture file. Every problem (YAML syntax, unknown key, unknown control, a
 * control listed twice, a name other than `expectedName`) is reported as `file:line:column message`.
 *
 * @example parsePosture('name: open\ntitle: Open\ndescription: x\ncontrols: []\n').controls // []
 * @throws PumplabError POSTURE_INVALID with `details.problems`
 */
export function parsePosture(text: string, file = 'posture.yaml', expectedName?: string): Posture {
  const source = parseLocatedYaml(text, file, postureFileSchema, postureInvalid, 'posture');
  const { name, title, description, controls } = source.data;
  const problems: YamlProblem[] = [];
  controls.forEach((control, index) => {
    if (controls.indexOf(control) !== index) {
      problems.push(source.problemAt(['controls', index], `control '${control}' is listed twice`));
    }
  });
  if (expectedName !== undefined && name !== expectedName) {
    problems.push(source.problemAt(['name'], `name '${name}' differs from the file name '${expectedName}'`));
  }
  throwProblems(postureInvalid, 'posture', problems);
  const on = new Set(controls);
  return { name, title, description, controls: controlIds.filter((id) => on.has(id)) };
}

/** The names of the shipped postures, sorted. */
export function shippedPostureNames(): string[] {
  return fs
    .readdirSync(shippedPostureDir)
    .filter((entry) => entry.endsWith('.yaml'))
    .map((entry) => entry.slice(0, -'.yaml'.length))
    .sort();
}

/** A path names a file; a bare word names a shipped posture. */
const isPath = (nameOrPath: string): boolean => /[/\\]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath);

/**
 * Reads a posture: a shipped one by name (`sp1800-8`) or a trainer's file by path.
 *
 * @example readPosture('segmented-unpatched').controls.includes('patched-firmware') // false
 * @throws PumplabError POSTURE_UNKNOWN for an unknown name (listing the shipped ones), POSTURE_INVALID for an invalid file;
 *   INPUT_FILE_UNREADABLE for a path that cannot be read
 */
export function readPosture(nameOrPath: string): Posture {
  if (!isPath(nameOrPath)) {
    const known = shippedPostureNames();
    if (!known.includes(nameOrPath)) {
      throw new PumplabError(
        postureUnknown,
        `No posture is named '${nameOrPath}'. Shipped postures: ${known.join(', ')}; or give a file path.`,
        { posture: nameOrPath, known },
      );
    }
    return readPostureFile(path.join(shippedPostureDir, `${nameOrPath}.yaml`));
  }
  return readPostureFile(nameOrPath);
}

function readPostureFile(filePath: string): Posture {
  const text = readInputText(filePath, 'posture');
  // A posture file is named for its posture, as a scenario file is for its id.
  const file = path.basename(filePath);
  return parsePosture(text, file, file.replace(/\.ya?ml$/, ''));
}

/** Every shipped posture, sorted by name. */
export function shippedPostures(): Posture[] {
  return shippedPostureNames().map((name) => readPosture(name));
}

/** The controls of a posture as the set `settingsFor` takes. */
export const controlSetOf = (posture: Posture): ReadonlySet<ControlId> => new Set(posture.controls);

/**
 * The real configuration a posture gives the lab.
 *
 * @example settingsOf(readPosture('flat-2015')).policy // 'flat'
 */
export const settingsOf = (posture: Posture): LabSettings => settingsFor(controlSetOf(posture));
