import { z } from 'zod';
import type { AdmissionRecord } from '../admission/admission-log.ts';
import { quarantineReasons } from '../admission/device-check.ts';
import type { DecisionRecord } from '../enforcement/decision-log.ts';
import { alertKinds, alertSeverities, type Alert } from '../monitor/alert.ts';

/**
 * What the gateway API serves of its three logs, the same in a GET answer and in the live stream:
 * the decision log's, the monitor's and admission's records. The API sends records through these
 * schemas, so a field added to a record is served only once it is added here.
 */

/** Lab time (the gateway's injected clock), ms since the epoch. */
const labTime = z.number().describe('Lab time, ms since the epoch');

/** Which rule decided a flow: number and line in the policy file, or null for the default deny. */
export const ruleRefSchema = z.object({
  policy: z.string(),
  number: z.number().int().nullable(),
  line: z.number().int().nullable(),
  why: z.string(),
});

/** One gateway decision (SP 1800-8 Vol B 4.2: every cross-zone connection decided and logged). */
export const decisionSchema = z.object({
  at: labTime,
  fromAddress: z.string(),
  fromZone: z.string(),
  toZone: z.string(),
  service: z.string(),
  verdict: z.enum(['allow', 'deny']),
  rule: ruleRefSchema,
});

/** One alert of the monitor: what it recognised, how urgent, from where, and on what evidence. */
export const alertSchema = z.object({
  id: z.number().int(),
  at: labTime,
  kind: z.enum(alertKinds),
  severity: z.enum(alertSeverities),
  reason: z.string(),
  source: z.object({ address: z.string(), zone: z.string() }),
  evidence: z.array(z.object({ at: labTime, origin: z.string(), summary: z.string() })),
});

/** One admission decision (802.1X with EAP-TLS at the gateway): devices only, no patient data. */
export const admissionSchema = z.object({
  at: labTime,
  address: z.string(),
  zone: z.string(),
  identity: z.string().optional(),
  verdict: z.enum(['admitted', 'quarantined', 'evicted']),
  reason: z.enum([...quarantineReasons, 'valid-device-certificate', 'moved', 'displaced', 'not-admitted']),
});

/** A list answer: `{ items }`, newest first. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** True only when A and B are the same type: keeps the schemas above and the records in step. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: [
  Same<z.infer<typeof decisionSchema>, DecisionRecord>,
  Same<z.infer<typeof alertSchema>, Alert>,
  Same<z.infer<typeof admissionSchema>, AdmissionRecord>,
] = [true, true, true];
void inStep;

/** The query string's text to numbers for `fields`, where it is a number; anything else is left. */
function numbersIn(query: unknown, fields: readonly string[]): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) =>
      fields.includes(key) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
        ? [key, Number(value)]
        : [key, value],
    ),
  );
}

/**
 * A log's own query schema as a query string carries it: the `numeric` fields read from their text,
 * then the log's schema, so the API and the log cannot disagree on a bound. The OpenAPI document
 * shows the log's schema (zod documents a preprocessed pipe by its output).
 *
 * @example fromQueryString(decisionQuerySchema, ['since', 'limit']).parse({ limit: '5' }) // { limit: 5 }
 */
export function fromQueryString<S extends z.ZodType>(schema: S, numeric: readonly string[]) {
  return z.preprocess((query) => numbersIn(query, numeric), schema);
}
