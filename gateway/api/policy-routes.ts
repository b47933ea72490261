import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { isPumplabError, type PumplabError } from '../../core/errors.ts';
import { problemMediaType, toProblem } from '../../simulators/http/problem.ts';
import { defineRoute, type JsonReply, type Route } from '../../simulators/http/route.ts';
import { policyRuleSchema } from '../policy/policy-schema.ts';
import { parsePolicy, readPolicyFile, shippedPolicyPath, type ZonePolicy } from '../policy/zone-policy.ts';
import type { GatewayApiParts } from './gateway-api-parts.ts';

const policyPath = '/api/v1/policy';

/** A problem in a policy file, where it is. */
const locatedSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
});

/** The policy in force: its rules in order (first match wins, else deny) with their lines. */
export const policyViewSchema = z.object({
  name: z.string(),
  rules: z.array(z.object({ number: z.number().int(), line: z.number().int(), ...policyRuleSchema.shape })),
  /** Overlapping rules with different verdicts: the earlier decides. */
  warnings: z.array(locatedSchema),
});

/** A policy to switch to: a shipped one by name, or a whole policy file's text. */
export const policyChangeSchema = z.union([
  z.strictObject({ name: z.enum(['flat', 'segmented']) }),
  // 64 KiB is hundreds of rules; the shadowing check is quadratic in them.
  z.strictObject({ yaml: z.string().min(1).max(65_536) }),
]);

const policyView = (policy: ZonePolicy): z.input<typeof policyViewSchema> => ({
  name: policy.name,
  rules: policy.rules.map((rule, index) => ({ number: index + 1, ...rule })),
  warnings: [...policy.warnings],
});

/**
 * A policy that parses as JSON but not as a policy: 422 (RFC 9110 15.5.21), with the problems
 * `file:line:column` in `details.problems` as GATEWAY_POLICY_INVALID carries them.
 */
function unprocessable(error: PumplabError): JsonReply {
  return {
    status: 422,
    headers: { 'Content-Type': problemMediaType },
    json: { ...toProblem(error, policyPath), status: 422, title: STATUS_CODES[422] },
  };
}

function choose(parts: GatewayApiParts, change: z.output<typeof policyChangeSchema>): ZonePolicy {
  return 'name' in change
    ? readPolicyFile(shippedPolicyPath(change.name), parts.topology)
    : parsePolicy(change.yaml, parts.topology, 'policy.yaml');
}

/** The zone policy: read it, or switch it for new connections (flows already open keep running). */
export function policyRoutes(parts: GatewayApiParts): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: policyPath,
      operationId: 'getPolicy',
      tag: 'policy',
      summary: 'The zone policy in force: its rules with their numbers and lines, and its warnings',
      responses: [{ status: 200, description: 'The policy', schema: policyViewSchema }],
      handle: () => ({ json: policyView(parts.gateway.policy) }),
    }),
    defineRoute({
      method: 'put',
      path: policyPath,
      operationId: 'setPolicy',
      tag: 'policy',
      summary: 'Switch the policy: `flat`, `segmented`, or a policy file given as YAML text',
      description:
        'The policy is checked against the topology first; an invalid one answers 422 ' +
        'GATEWAY_POLICY_INVALID with every problem as `policy.yaml:line:column message` in ' +
        '`details.problems`, and the policy in force stays. Connections already open keep running.',
      body: policyChangeSchema,
      responses: [{ status: 200, description: 'The policy now in force', schema: policyViewSchema }],
      errors: [422],
      handle: ({ body }) => {
        let next: ZonePolicy;
        try {
          next = choose(parts, body);
        } catch (error) {
          if (isPumplabError(error, 'GATEWAY_POLICY_INVALID')) return unprocessable(error);
          throw error;
        }
        parts.gateway.setPolicy(next);
        return { json: policyView(next) };
      },
    }),
  ];
}
