import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { loadScenarios, type ScenarioRules } from '../../../scenarios/catalog/catalog-loader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { actionRegistry } from '../../../scenarios/actions/registry.ts';

const shippedDir = path.resolve(import.meta.dirname, '../../../scenarios/catalog');
const rules: ScenarioRules = {
  actions: actionRegistry,
  zones: readTopologyFile().zones.map((zone) => zone.name),
};
const baseFile = 'default-credentials-console.yaml';
const base = fs.readFileSync(path.join(shippedDir, baseFile), 'utf8');

/** The threats issue 6 lists, one scenario each. */
const threatIds = [
  'alarm-takeover-dos',
  'console-parser-exploit',
  'default-credentials-console',
  'malicious-firmware-media',
  'phished-laptop-pivot',
  'rogue-device-join',
  'rogue-mqtt-dose-change',
  'rogue-pump-server',
  'spoofed-poc-order',
  'stolen-pump-reuse',
  'tampered-library-media',
  'telemetry-harvest',
  'vendor-remote-library',
];

/** `line:column` (1-based) of the first `needle` in `text`, after `after` if given. */
function positionOf(text: string, needle: string, after = ''): string {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (offset < 0) throw new Error(`'${needle}' is not in the text`);
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${(lines.at(-1) ?? '').length + 1}`;
}

/** Writes `files` (name → text) to a fresh directory and returns the problems loading it reports. */
function problemsOf(files: Record<string, string>): string[] {
  const dir = tempDir('pumplab-catalog-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    loadScenarios(dir, rules);
  } catch (error) {
    if (isPumplabError(error, 'SCENARIO_INVALID')) return error.details['problems'] as string[];
    throw error;
  }
  throw new Error('the catalog was accepted');
}

/** The base scenario with `from` replaced by `to`, and the problems it is refused with. */
function broken(from: string, to: string): { text: string; problems: string[] } {
  if (!base.includes(from)) throw new Error(`'${from}' is not in ${baseFile}`);
  const text = base.replace(from, to);
  return { text, problems: problemsOf({ [baseFile]: text }) };
}

describe('the shipped catalog, against the action library', () => {
  const catalog = loadScenarios(shippedDir, rules);

  it('covers each threat of the issue with one scenario, in id order', () => {
    expect(catalog.map((scenario) => scenario.id)).toEqual(threatIds);
    expect(fs.readdirSync(shippedDir).filter((file) => file.endsWith('.yaml')).length).toBeGreaterThanOrEqual(
      12,
    );
  });

  it('gives an attack on doses or alarms at least 5 lab minutes of exposure, and cites an advisory for each threat', () => {
    for (const scenario of catalog) {
      const runsOn = scenario.objective.some((kind) => kind === 'dose-changed' || kind === 'alarms-lost');
      expect(scenario.exposureMinutes, scenario.id).toBeGreaterThanOrEqual(runsOn ? 5 : 1);
      expect(scenario.exposureMinutes, scenario.id).toBeLessThanOrEqual(15);
      expect(scenario.threat.advisories.length, scenario.id).toBeGreaterThan(0);
    }
  });

  it('gives the facilitator a question for every step that the room should discuss', () => {
    for (const scenario of catalog) {
      const asked = scenario.steps.filter((step) => step.ask.length > 0);
      expect(asked.length, scenario.id).toBeGreaterThan(0);
    }
  });
});

describe('a broken scenario is refused with file, line, column and field', () => {
  it('names an unknown action, listing the known ones', () => {
    const { text, problems } = broken('action: console-session', 'action: console-sesion');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${baseFile}:${positionOf(text, 'console-sesion')} steps\\.1\\.action: unknown action 'console-sesion'; actions: .*scan`,
      ),
    );
  });

  it('names a parameter of the wrong type, and one the action does not take', () => {
    const typed = broken('setRateFactor: 3', 'setRateFactor: three');
    expect(typed.problems).toHaveLength(1);
    expect(typed.problems[0]).toMatch(
      new RegExp(
        `^${baseFile}:${positionOf(typed.text, 'three', 'setRateFactor')} steps\\.1\\.with\\.setRateFactor: .*\\(action 'console-session'\\)$`,
      ),
    );
    const extra = broken('      setRateFactor: 3\n', '      setRateFactor: 3\n      speed: fast\n');
    expect(extra.problems).toEqual([
      `${baseFile}:${positionOf(extra.text, 'access:', 'factory-login\n')} steps.1.with: unknown parameter 'speed' of action 'console-session'`,
    ]);
  });

  it('names a step id used twice', () => {
    const { text, problems } = broken('- id: factory-login', '- id: find-consoles');
    expect(problems).toEqual([
      `${baseFile}:${positionOf(text, 'find-consoles', 'action: scan')} steps.1.id: step id 'find-consoles' is used twice`,
    ]);
  });

  it('names a requirement that is a later step or no step at all', () => {
    const { text, problems } = broken(
      '    action: scan\n',
      '    action: scan\n    requires: [factory-login, nowhere]\n',
    );
    expect(problems).toEqual([
      `${baseFile}:${positionOf(text, 'factory-login,')} steps.0.requires: 'factory-login', which is not an earlier step`,
      `${baseFile}:${positionOf(text, 'nowhere')} steps.0.requires: 'nowhere', which is no step of this scenario`,
    ]);
  });

  it('names an attacker zone the topology does not have, listing the zones', () => {
    const { text, problems } = broken('zone: pump-network', 'zone: pump-wifi');
    expect(problems).toEqual([
      `${baseFile}:${positionOf(text, 'pump-wifi')} attacker.zone: unknown zone 'pump-wifi'; zones: ${rules.zones.join(', ')}`,
    ]);
  });

  it('names a mapping id of the wrong form, and an ATT&CK id that is no technique', () => {
    const csf = broken('csf: [PR.AC-1,', 'csf: [PR.AC1,');
    expect(csf.problems).toEqual([
      `${baseFile}:${positionOf(csf.text, 'PR.AC1')} mappings.csf.0: a CSF 1.1 subcategory, e.g. PR.AC-1`,
    ]);
    const attack = broken('attack_ics: [T0846,', 'attack_ics: [T0999,');
    expect(attack.problems).toEqual([
      `${baseFile}:${positionOf(attack.text, 'T0999')} mappings.attack_ics.0: 'T0999' is not an ATT&CK for ICS technique (scenarios/catalog/attack-ics.ts)`,
    ]);
  });

  it('names an advisory id that is not an ICS-CERT or CVE id', () => {
    const { text, problems } = broken('- CVE-2015-1011', '- CVE-15-1011');
    expect(problems).toEqual([
      `${baseFile}:${positionOf(text, 'CVE-15-1011')} threat.advisories.1: an advisory or CVE id, e.g. ICSMA-17-250-02A or CVE-2017-12718`,
    ]);
  });

  it('names an id that is not the file name', () => {
    const problems = problemsOf({ 'login-in-manual.yaml': base });
    expect(problems).toEqual([
      `login-in-manual.yaml:${positionOf(base, 'default-credentials-console', 'id:')} id 'default-credentials-console' differs from the file name 'login-in-manual'`,
    ]);
  });

  it('reports the problems of every broken file together', () => {
    const problems = problemsOf({
      [baseFile]: base.replace('zone: pump-network', 'zone: ward'),
      'telemetry-harvest.yaml': 'id: telemetry-harvest\ntitle: [\n',
    });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([baseFile, 'telemetry-harvest.yaml']);
  });
});
