import { z } from 'zod';
import type { Action } from '../../../scenarios/actions/action.ts';

/**
 * The action library's names and `with:` parameters as the issue 6 plan fixes them, without their
 * behaviour: the catalog's validation is tested against this contract, so its error reports do not
 * depend on how the real actions word their schemas.
 */
const planParams: Record<string, z.ZodType> = {
  scan: z.strictObject({ services: z.array(z.string().min(1)).min(1) }),
  'console-session': z.strictObject({
    access: z.enum(['factory-login', 'exploit']),
    commands: z.array(z.enum(['history', 'config'])),
    setRateFactor: z.number().positive().optional(),
  }),
  'mqtt-subscribe': z.strictObject({
    identity: z.enum(['none', 'stolen-device']),
    topic: z.string().min(1),
    listenMs: z.number().int().positive(),
  }),
  'mqtt-command': z.strictObject({
    identity: z.enum(['none', 'claim-serial', 'stolen-device']),
    rateFactor: z.number().positive(),
    targets: z.enum(['one', 'all']),
  }),
  'mqtt-takeover': z.strictObject({
    identity: z.enum(['none', 'claim-serial']),
    holdMs: z.number().int().positive(),
  }),
  'mqtt-rogue-device': z.strictObject({
    serial: z.string().min(1),
    identity: z.enum(['none', 'stolen-device']),
  }),
  'hl7-order': z.strictObject({ rateFactor: z.number().positive() }),
  'hl7-forge-observation': z.strictObject({ rate: z.number().nonnegative() }),
  'media-load': z.strictObject({
    kind: z.enum(['library', 'firmware']),
    tamper: z.enum(['unsigned', 'attacker-signed']),
    targets: z.enum(['one', 'all']),
  }),
  'steal-device': z.strictObject({ target: z.enum(['legacy', 'oldest', 'any']) }),
  'read-flash': z.strictObject({}),
  'rest-publish-library': z.strictObject({ raiseLimitsFactor: z.number().positive() }),
  'join-pump-network': z.strictObject({ identity: z.enum(['none', 'stolen-device']) }),
  flood: z.strictObject({
    service: z.string().min(1),
    connections: z.number().int().positive(),
    holdMs: z.number().int().positive(),
  }),
  'ward-alarm': z.strictObject({
    code: z.enum(['occlusion', 'air-in-line']),
    targets: z.literal('infusing'),
  }),
};

export const planActions: ReadonlyMap<string, Action> = new Map(
  Object.entries(planParams).map(([name, params]) => [
    name,
    {
      name,
      summary: `${name} (plan contract)`,
      params,
      run: () => Promise.reject(new Error('a contract stub does not run')),
    },
  ]),
);
