import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { actionRegistry } from '../../../scenarios/actions/registry.ts';
import { loadCatalog, scenarioById } from '../../../scenarios/catalog/catalog.ts';

describe('the shipped catalog, against the real action library and topology', () => {
  it('loads every scenario, each step calling a registered action with parameters it accepts', () => {
    const catalog = loadCatalog();
    expect(catalog.length).toBeGreaterThanOrEqual(12);
    for (const scenario of catalog) {
      for (const step of scenario.steps) {
        const action = actionRegistry.get(step.action);
        expect(action, `${scenario.id}/${step.id}`).toBeDefined();
        expect(action?.params.safeParse(step.with).success, `${scenario.id}/${step.id}`).toBe(true);
      }
    }
  });

  it('finds a scenario by id', () => {
    expect(scenarioById('rogue-mqtt-dose-change')).toMatchObject({
      attacker: { zone: 'enterprise' },
      objective: ['dose-changed'],
    });
  });

  it('refuses an unknown id, listing every known one', () => {
    try {
      scenarioById('rogue-mqtt');
      expect.unreachable();
    } catch (error) {
      expect(isPumplabError(error, 'SCENARIO_UNKNOWN')).toBe(true);
      const known = (error as { details: { known: string[] } }).details.known;
      expect(known).toEqual(loadCatalog().map((scenario) => scenario.id));
    }
  });
});
