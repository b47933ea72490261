import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../scenarios/catalog/catalog.ts';
import { shippedPostureNames } from '../../../scenarios/controls/posture.ts';
import { errorCode, runCli } from '../../helpers/run-cli.ts';

interface Listed {
  id: string;
  title: string;
  zone: string;
  objective: string[];
}

interface CliError {
  error: { code: string; message: string; details: { known?: string[] } };
}

const catalogIds = loadCatalog().map((scenario) => scenario.id);

describe('pumplab scenario list / show', () => {
  it('lists every scenario of the catalog with its title, attacker zone and objective', () => {
    const listed = runCli(['scenario', 'list', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = listed.json<Listed[]>();
    expect(rows.map((row) => row.id)).toEqual(catalogIds);
    for (const row of rows) {
      expect(row.title.length).toBeGreaterThan(0);
      expect(row.zone.length).toBeGreaterThan(0);
      expect(row.objective.length).toBeGreaterThan(0);
    }
  });

  it('prints a table without --json', () => {
    const listed = runCli(['scenario', 'list']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+TITLE\s+ATTACKER ZONE\s+OBJECTIVE\n/);
    for (const id of catalogIds) expect(listed.stdout).toContain(id);
  });

  it('shows one scenario as parsed with --json, and readable without', () => {
    const id = catalogIds[0]!;
    const shown = runCli(['scenario', 'show', id, '--json']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.json()).toEqual(JSON.parse(JSON.stringify(loadCatalog().find((item) => item.id === id))));
    const text = runCli(['scenario', 'show', id]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`(${id})`);
    expect(text.stdout).toContain('Steps:');
    expect(text.stdout).toContain('Debrief:');
  });

  it('refuses an unknown scenario id, listing the known ids', () => {
    const shown = runCli(['scenario', 'show', 'no-such-scenario', '--json']);
    expect(shown.status).toBe(1);
    expect(errorCode(shown)).toBe('SCENARIO_UNKNOWN');
    const { error } = shown.json<CliError>();
    for (const id of catalogIds) expect(error.message).toContain(id);
  });
});

describe('pumplab posture list / show', () => {
  it('lists the shipped postures', () => {
    const listed = runCli(['posture', 'list', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.json<{ name: string }[]>().map((posture) => posture.name)).toEqual(shippedPostureNames());
  });

  it('shows a posture with the lab configuration its controls give', () => {
    const shown = runCli(['posture', 'show', 'flat-2015', '--json']);
    expect(shown.status, shown.stderr).toBe(0);
    const posture = shown.json<{ controls: string[]; settings: { policy: string; mutualTls: boolean } }>();
    expect(posture.controls).toEqual([]);
    expect(posture.settings).toMatchObject({ policy: 'flat', mutualTls: false });
  });

  it('refuses an unknown posture, listing the shipped ones', () => {
    const shown = runCli(['posture', 'show', 'no-such-posture', '--json']);
    expect(shown.status).toBe(1);
    expect(errorCode(shown)).toBe('POSTURE_UNKNOWN');
    for (const name of shippedPostureNames()) expect(shown.json<CliError>().error.message).toContain(name);
  });
});
