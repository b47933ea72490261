import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { controlIds, controlOf } from '../../../scenarios/controls/controls.ts';
import { ablationOf } from '../../../scenarios/controls/posture-ablation.ts';
import {
  parsePosture,
  readPosture,
  settingsOf,
  shippedPostureDir,
  shippedPostureNames,
  shippedPostures,
} from '../../../scenarios/controls/posture.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** The `file:line:column message` problems a bad posture is rejected with. */
function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (isPumplabError(error, 'POSTURE_INVALID')) return error.details['problems'] as string[];
    throw error;
  }
  throw new Error('the posture was accepted');
}

const posture = (name: string, controls: string): string =>
  `name: ${name}\ntitle: Test\ndescription: A test hospital.\ncontrols: ${controls}\n`;

describe('the shipped postures', () => {
  it('are the four of the plan, each loading by name', () => {
    expect(shippedPostureNames()).toEqual(['flat-2015', 'patched-flat', 'segmented-unpatched', 'sp1800-8']);
    expect(shippedPostures().map((p) => p.name)).toEqual(shippedPostureNames());
  });

  it('switch on the controls the plan gives each hospital, in canonical order', () => {
    expect(readPosture('flat-2015').controls).toEqual([]);
    expect(readPosture('sp1800-8').controls).toEqual([...controlIds]);
    expect(readPosture('segmented-unpatched').controls).toEqual([
      'segmentation',
      'mutual-tls',
      'broker-authorization',
      'revocation-checks',
      'monitoring',
    ]);
    expect(readPosture('patched-flat').controls).toEqual([
      'signed-libraries',
      'signed-firmware',
      'patched-firmware',
      'default-credentials-removed',
      'encryption-at-rest',
    ]);
  });

  it('give the lab the configuration of their controls', () => {
    expect(settingsOf(readPosture('flat-2015'))).toMatchObject({ policy: 'flat', mutualTls: false });
    expect(settingsOf(readPosture('patched-flat'))).toMatchObject({
      policy: 'flat',
      firmwareMix: { '4.2.1': 1 },
      uniqueMaintenanceCredentials: true,
    });
  });

  it('each tell the trainer a story', () => {
    for (const shipped of shippedPostures()) expect(shipped.description.length).toBeGreaterThan(200);
  });
});

describe('reading a posture', () => {
  const dir = tempDir();

  it('reads a trainer file by path', () => {
    const file = path.join(dir, 'night-shift.yaml');
    fs.writeFileSync(file, posture('night-shift', '[monitoring, segmentation]'));
    expect(readPosture(file).controls).toEqual(['segmentation', 'monitoring']);
  });

  it('refuses an unknown name, listing the shipped ones', () => {
    try {
      readPosture('sp1800-9');
      expect.unreachable();
    } catch (error) {
      expect(isPumplabError(error, 'POSTURE_UNKNOWN')).toBe(true);
      expect((error as { details: { known: string[] } }).details.known).toContain('sp1800-8');
    }
  });

  it('refuses an unreadable path', () => {
    expect(() => readPosture(path.join(dir, 'missing.yaml'))).toThrow(
      expect.objectContaining({ code: 'INPUT_FILE_UNREADABLE' }),
    );
  });

  it('refuses an unknown control at its line and column, listing the known ones', () => {
    const [problem] = problemsOf(() => parsePosture(posture('x', '[segmentation, firewall]'), 'x.yaml'));
    expect(problem).toMatch(
      /^x\.yaml:4:26 controls\.1: unknown control "firewall"; known controls: segmentation, /,
    );
    expect(problem).toContain('monitoring');
  });

  it('refuses a control listed twice, unknown keys and YAML errors where they are', () => {
    expect(problemsOf(() => parsePosture(posture('x', '[monitoring, monitoring]'), 'x.yaml'))).toEqual([
      "x.yaml:4:24 control 'monitoring' is listed twice",
    ]);
    expect(problemsOf(() => parsePosture(`${posture('x', '[]')}budget: 3\n`, 'x.yaml'))).toEqual([
      "x.yaml:5:1 unknown key 'budget'",
    ]);
    expect(problemsOf(() => parsePosture('name: [x\n', 'x.yaml'))[0]).toMatch(/^x\.yaml:2:1 /);
  });

  it('refuses a broken copy of a shipped posture at the unknown control', () => {
    const text = fs.readFileSync(path.join(shippedPostureDir, 'sp1800-8.yaml'), 'utf8');
    const file = path.join(dir, 'sp1800-8.yaml');
    fs.writeFileSync(file, text.replace('- rate-limits', '- rate-limit'));
    const line = text.split('\n').findIndex((entry) => entry.includes('- rate-limits')) + 1;
    expect(problemsOf(() => readPosture(file))).toEqual([
      expect.stringMatching(
        new RegExp(`^sp1800-8\\.yaml:${line}:5 controls\\.10: unknown control "rate-limit"; known`),
      ),
    ]);
  });

  it('refuses a file whose name is not the posture name', () => {
    const file = path.join(dir, 'weekend.yaml');
    fs.writeFileSync(file, posture('weekday', '[]'));
    expect(problemsOf(() => readPosture(file))).toEqual([
      "weekend.yaml:1:7 name 'weekday' differs from the file name 'weekend'",
    ]);
  });
});

describe('the ablation of a posture', () => {
  it('gives sp1800-8 minus each of its 12 controls, each missing exactly that one', () => {
    const full = readPosture('sp1800-8');
    const ablation = ablationOf(full);
    expect(ablation).toHaveLength(12);
    ablation.forEach((reduced, index) => {
      const removed = controlIds[index]!;
      expect(reduced.name).toBe(`sp1800-8-minus-${removed}`);
      expect(reduced.controls).toEqual(full.controls.filter((id) => id !== removed));
      expect(reduced.description).toContain(controlOf(removed).title);
    });
  });

  it('gives nothing for a posture without controls', () => {
    expect(ablationOf(readPosture('flat-2015'))).toEqual([]);
  });
});
