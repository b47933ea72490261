import { z } from 'zod';
import { labName } from '../topology/topology-schema.ts';

/** Any zone or any service: a rule's wildcard. */
export const anyValue = '*';

const nameOrAny = z.union([z.literal(anyValue), labName]);

/** One rule of the zone policy: who may open which service in which zone (first match wins). */
export const policyRuleSchema = z.strictObject({
  from: nameOrAny,
  to: nameOrAny,
  service: nameOrAny,
  verdict: z.enum(['allow', 'deny']),
  /** Why the rule exists: shown with every decision it makes. */
  why: z.string().min(1).max(300),
});

/**
 * A zone policy file. Rules are read top to bottom; a flow no rule matches is denied
 * (SP 1800-8 Vol B 4.2: deny by default, allow only the flows the clinical workflow needs).
 */
export const policyFileSchema = z.strictObject({
  version: z.literal(1),
  name: labName,
  description: z.string().max(500).optional(),
  rules: z.array(policyRuleSchema),
});

export type PolicyRuleSpec = z.infer<typeof policyRuleSchema>;
export type PolicyFile = z.infer<typeof policyFileSchema>;
export type Verdict = PolicyRuleSpec['verdict'];
