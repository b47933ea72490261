import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MatrixResult } from '../../../scenarios/engine/matrix-result.ts';
import { errorCode, runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

interface MatrixOutput {
  dir: string;
  files: string[];
  matrix: MatrixResult;
  ablation: unknown;
}

describe('pumplab matrix', () => {
  const out = tempDir('pumplab-matrix-');

  it('runs the cells in worker processes, shows progress on stderr and writes the three reports', () => {
    const run = runCli([
      'matrix',
      '--scenarios',
      'rogue-mqtt-dose-change',
      '--postures',
      'sp1800-8',
      '--workers',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const result = run.json<MatrixOutput>();
    expect(result.dir).toBe(out);
    expect(result.files.map((file) => path.basename(file))).toEqual([
      'matrix.json',
      'matrix.md',
      'matrix.html',
    ]);
    expect(result.ablation).toBeNull();
    expect(result.matrix.cells).toHaveLength(1);
    expect(result.matrix.cells[0]).toMatchObject({ scenario: 'rogue-mqtt-dose-change', posture: 'sp1800-8' });
    expect(run.stderr).toMatch(/\[1\/1 · \d+ s\] rogue-mqtt-dose-change × sp1800-8: (BLOCKED|SUCCEEDED)/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'matrix.json'), 'utf8'))).toEqual(result.matrix);
  });

  it('refuses an unknown posture before starting any worker', () => {
    const run = runCli(['matrix', '--postures', 'flat-2015,no-such-posture', '--out', out, '--json']);
    expect(run.status).toBe(1);
    expect(errorCode(run)).toBe('POSTURE_UNKNOWN');
    expect(run.stderr).not.toContain('running');
  });

  it('refuses an unknown scenario id, listing the known ids', () => {
    const run = runCli(['matrix', '--scenarios', 'no-such-scenario', '--json']);
    expect(run.status).toBe(1);
    expect(run.json<{ error: { message: string } }>().error.message).toContain('rogue-mqtt-dose-change');
  });
});
