import { z } from 'zod';

/**
 * What a scenario file holds (one YAML file in scenarios/catalog/ per scenario). Each step's `with`
 * block is validated again against its action's own parameter schema when the catalog loads.
 */

/** Effects the engine can observe; a scenario names those that mean its attacker got what it came for. */
export const impactKinds = [
  /** A pump runs a rate other than the one ordered, or delivered more or less than ordered. */
  'dose-changed',
  /** Patient records from the EHR's ward found in what the attacker obtained. */
  'data-disclosed',
  /** Wi-Fi keys, device keys or logins the attacker can reuse. */
  'secrets-disclosed',
  /** Alarms raised at pumps that did not reach the EHR chart while the attack ran. */
  'alarms-lost',
  /** Pumps that lost their session with the pump server. */
  'pumps-unavailable',
  /** EHR chart entries the pump server never sent. */
  'chart-forged',
  /** A pump runs a drug library or firmware the hospital never published. */
  'software-tampered',
  /** A device outside the hospital's inventory got onto the pump network or the broker. */
  'rogue-device-joined',
  /** A pump holds a program for an order the EHR never placed. */
  'order-spoofed',
] as const;
export type ImpactKind = (typeof impactKinds)[number];

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Advisory and CVE ids as ADVISORIES.md writes them: ICSMA-17-250-02A, ICSA-15-125-01B, CVE-2017-12718. */
export const advisoryIdPattern = /^(ICSM?A-\d{2}-\d{3}-\d{2}[A-Z]?|CVE-\d{4}-\d{4,})$/;

export const stepSchema = z.strictObject({
  id: z.string().regex(kebab, 'a step id is lower-case words joined by hyphens'),
  /** The action's name in the action library (scenarios/actions/). */
  action: z.string().min(1),
  with: z.record(z.string(), z.unknown()).default({}),
  /** What happens, told to the room. */
  narrative: z.string().min(1),
  /** What the facilitator asks the room before "next". */
  ask: z.array(z.string().min(1)).default([]),
  /** Steps that must have been done for this one to run; default the step before it. */
  requires: z.array(z.string()).optional(),
});
export type ScenarioStep = z.infer<typeof stepSchema>;

export const scenarioSchema = z.strictObject({
  id: z.string().regex(kebab, 'a scenario id is lower-case words joined by hyphens'),
  title: z.string().min(1),
  threat: z.strictObject({
    summary: z.string().min(1),
    /** The SP 1800-8 risk or threat it models (Vol B section 3). */
    sp1800_8: z.string().min(1),
    /** Advisory and CVE ids from ../shared/ADVISORIES.md. */
    advisories: z
      .array(
        z.string().regex(advisoryIdPattern, 'an advisory or CVE id, e.g. ICSMA-17-250-02A or CVE-2017-12718'),
      )
      .default([]),
  }),
  story: z.string().min(1),
  attacker: z.strictObject({
    /** The topology zone the attacker starts in. */
    zone: z.string().min(1),
    /** What the attacker has: a phished laptop, a vendor account, a stolen pump. */
    means: z.string().min(1),
  }),
  steps: z.array(stepSchema).min(1),
  /** The effects that, observed, mean the attack succeeded. */
  objective: z.array(z.enum(impactKinds)).min(1),
  /** Lab minutes the engine lets pass after the last step before it measures (the exposure). */
  exposureMinutes: z.number().positive().max(240).default(10),
  facilitator: z.strictObject({
    /** Before the first step: what to ask the room. */
    opening: z.array(z.string().min(1)).min(1),
    /** After the outcome card. */
    debrief: z.array(z.string().min(1)).min(1),
  }),
  mappings: z.strictObject({
    sp1800_8: z.array(z.string().min(1)).min(1),
    csf: z.array(z.string().regex(/^[A-Z]{2}\.[A-Z]{2}-\d+$/, 'a CSF 1.1 subcategory, e.g. PR.AC-1')).min(1),
    sp800_53: z.array(z.string().regex(/^[A-Z]{2}-\d+(\(\d+\))?$/, 'an SP 800-53 control, e.g. AC-3')).min(1),
    hipaa: z
      .array(
        z
          .string()
          .regex(/^164\.(308|310|312)(\([0-9a-zA-Z]+\))*$/, 'a HIPAA Security Rule section, e.g. 164.312(d)'),
      )
      .min(1),
    attack_ics: z.array(z.string().regex(/^T0\d{3}$/, 'an ATT&CK for ICS technique, e.g. T0812')).min(1),
  }),
});
export type Scenario = z.infer<typeof scenarioSchema>;
