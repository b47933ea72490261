import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../../../scenarios/report/stable-json.ts';
import { writeMatrixReports, writeOutcomeReports } from '../../../scenarios/report/write-reports.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { ablation, blockedOutcome, matrix, scenario } from './report-fixtures.ts';

describe('json reports', () => {
  it.each([
    ['outcome', blockedOutcome()],
    ['matrix', matrix()],
    ['ablation', ablation()],
  ])('%s round-trips', (_, value) => {
    expect(JSON.parse(stableJson(value))).toEqual(value);
  });

  it('orders keys the same whatever order the object was built in', () => {
    const outcome = blockedOutcome();
    const reversed = Object.fromEntries(Object.entries(outcome).reverse());
    expect(stableJson(reversed)).toBe(stableJson(outcome));
    expect(Object.keys(JSON.parse(stableJson(outcome)) as object)).toEqual(Object.keys(outcome).sort());
  });

  it('differs between two runs only under timing', () => {
    const later = blockedOutcome();
    later.timing = { startedAt: '2025-02-02T08:00:00.000Z', realMs: 9999 };
    const first = stableJson(blockedOutcome()).split('\n');
    const second = stableJson(later).split('\n');
    const differing = first.filter((line, index) => line !== second[index]);
    expect(differing).toEqual(['    "realMs": 4200,', '    "startedAt": "2025-01-01T10:00:00.000Z"']);
  });
});

describe('writing reports', () => {
  const dir = tempDir('pumplab-reports-');

  it('writes one run as JSON, Markdown and HTML named for its scenario and posture', () => {
    const files = writeOutcomeReports(path.join(dir, 'run'), scenario(), blockedOutcome());
    expect(files.map((file) => path.basename(file))).toEqual([
      'rogue-dose--sp1800-8.json',
      'rogue-dose--sp1800-8.md',
      'rogue-dose--sp1800-8.html',
    ]);
    expect(JSON.parse(fs.readFileSync(files[0]!, 'utf8'))).toEqual(blockedOutcome());
  });

  it('writes the matrix and the ablation, three formats each', () => {
    const files = writeMatrixReports(path.join(dir, 'matrix'), matrix(), ablation());
    expect(files.map((file) => path.basename(file))).toEqual([
      'matrix.json',
      'matrix.md',
      'matrix.html',
      'ablation.json',
      'ablation.md',
      'ablation.html',
    ]);
    for (const file of files) expect(fs.statSync(file).size).toBeGreaterThan(100);
  });
});
