import { describe, expect, it } from 'vitest';
import type { ScenarioStep } from '../../../scenarios/catalog/scenario-schema.ts';
import { missingRequirements, requiredSteps } from '../../../scenarios/engine/step-requirements.ts';

const step = (id: string, requires?: string[]): ScenarioStep => ({
  id,
  action: 'scan',
  with: {},
  narrative: id,
  ask: [],
  ...(requires ? { requires } : {}),
});

describe('step requirements', () => {
  const steps = [step('scan'), step('login'), step('alarm', []), step('read', ['scan', 'login'])];

  it('needs nothing for the first step, the step before by default, and what `requires` names otherwise', () => {
    expect(requiredSteps(steps, 0)).toEqual([]);
    expect(requiredSteps(steps, 1)).toEqual(['scan']);
    expect(requiredSteps(steps, 2)).toEqual([]);
    expect(requiredSteps(steps, 3)).toEqual(['scan', 'login']);
  });

  it('lets a step run only when every step it requires was done', () => {
    const status = new Map([
      ['scan', 'done'],
      ['login', 'blocked'],
    ]);
    expect(missingRequirements(['scan'], status)).toEqual([]);
    expect(missingRequirements(['scan', 'login'], status)).toEqual(['login']);
    expect(missingRequirements(['later'], status)).toEqual(['later']);
  });
});
