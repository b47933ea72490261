import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../scenarios/catalog/catalog.ts';
import { shippedPostureNames } from '../../../scenarios/controls/posture.ts';
import { outcomeSchema } from '../../../scenarios/engine/outcome-schema.ts';
import { errorCode, runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** Blocked at its first step under sp1800-8 (segmentation): one of the quickest runs of the catalog. */
const quick = 'rogue-mqtt-dose-change';

interface CliError {
  error: { code: string; message: string };
}

describe('pumplab scenario run', () => {
  const out = tempDir('pumplab-scenario-run-');

  it('runs a scenario in a fresh lab and prints its outcome as JSON, exit 0 even though it was blocked', () => {
    const run = runCli([
      'scenario',
      'run',
      quick,
      '--posture',
      'sp1800-8',
      '--seed',
      'cli-test',
      '--json',
      '--out',
      out,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const outcome = outcomeSchema.parse(run.json());
    expect(outcome).toMatchObject({ scenario: quick, posture: 'sp1800-8', seed: 'cli-test' });
    expect(outcome.controls).toHaveLength(12);
    expect(outcome.steps.length).toBeGreaterThan(0);
    // Progress goes to stderr, one line per step, so stdout stays the one JSON document.
    expect(run.stderr).toContain(`step ${outcome.steps[0]!.id}:`);
    const base = path.join(out, `${quick}--sp1800-8`);
    expect(JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'))).toEqual(outcome);
    expect(fs.readFileSync(`${base}.md`, 'utf8')).toContain('## Outcome');
    expect(fs.readFileSync(`${base}.html`, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('refuses an unknown scenario id before starting a lab, listing the known ids', () => {
    const run = runCli(['scenario', 'run', 'no-such-scenario', '--posture', 'sp1800-8', '--json']);
    expect(run.status).toBe(1);
    expect(errorCode(run)).toBe('SCENARIO_UNKNOWN');
    const message = run.json<CliError>().error.message;
    for (const scenario of loadCatalog()) expect(message).toContain(scenario.id);
    expect(run.stderr).not.toContain('a fresh lab starts');
  });

  it('refuses an unknown posture before starting a lab, listing the shipped ones', () => {
    const run = runCli(['scenario', 'run', quick, '--posture', 'no-such-posture']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error POSTURE_UNKNOWN: /);
    for (const name of shippedPostureNames()) expect(run.stderr).toContain(name);
    expect(run.stderr).not.toContain('a fresh lab starts');
  });

  it('requires --posture', () => {
    const run = runCli(['scenario', 'run', quick, '--json']);
    expect(run.status).toBe(1);
    expect(errorCode(run)).toBe('INPUT_INVALID');
  });
});
