import { describe, expect, it } from 'vitest';
import { actionNamed, actionRegistry } from '../../../scenarios/actions/registry.ts';

/** A valid `with:` block for every action of the plan, as a scenario file writes it. */
const examples: Record<string, unknown> = {
  scan: { services: ['mqtt', 'pump-maintenance'] },
  'console-session': { access: 'exploit', commands: ['history', 'config'], setRateFactor: 3 },
  'mqtt-subscribe': { identity: 'none', topic: 'pumplab/v1/pumps/+/status', listenMs: 60_000 },
  'mqtt-command': { identity: 'claim-serial', rateFactor: 2, targets: 'all' },
  'mqtt-takeover': { identity: 'none', holdMs: 300_000 },
  'mqtt-rogue-device': { serial: 'PL99999', identity: 'stolen-device' },
  'hl7-order': { rateFactor: 1.5 },
  'hl7-forge-observation': { rate: 5 },
  'media-load': { kind: 'firmware', tamper: 'attacker-signed', targets: 'one' },
  'steal-device': { target: 'legacy' },
  'read-flash': {},
  'rest-publish-library': { raiseLimitsFactor: 10 },
  'join-pump-network': { identity: 'stolen-device' },
  flood: { service: 'mqtt', connections: 200, holdMs: 120_000 },
  'ward-alarm': { code: 'occlusion', targets: 'infusing' },
};

describe('the action registry', () => {
  it('holds exactly the fifteen actions of the plan, each under its own name', () => {
    expect([...actionRegistry.keys()].sort()).toEqual(Object.keys(examples).sort());
    for (const [name, action] of actionRegistry) expect(action.name).toBe(name);
  });

  it.each(Object.entries(examples))('%s takes its documented parameters', (name, params) => {
    expect(actionNamed(name).params.safeParse(params).success).toBe(true);
  });

  it('refuses parameters an action does not take', () => {
    expect(actionNamed('scan').params.safeParse({ services: ['mqtt'], fast: true }).success).toBe(false);
    expect(
      actionNamed('mqtt-command').params.safeParse({ identity: 'root', rateFactor: 2, targets: 'all' })
        .success,
    ).toBe(false);
  });

  it('answers an unknown name with SCENARIO_ACTION_UNKNOWN', () => {
    expect(() => actionNamed('teleport')).toThrow(
      expect.objectContaining({ code: 'SCENARIO_ACTION_UNKNOWN' }),
    );
  });
});
