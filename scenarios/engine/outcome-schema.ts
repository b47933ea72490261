import { z } from 'zod';
import { impactKinds } from '../catalog/scenario-schema.ts';
import { controlIds } from '../controls/controls.ts';
import type { Outcome } from './outcome.ts';

/**
 * An Outcome read back from JSON (a worker process's reply, a saved matrix): the boundary schema of
 * outcome.ts, checked against the interface so the two cannot drift apart.
 */
const control = z.enum(controlIds);

const barrierSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('control'), control, step: z.string(), evidence: z.string() }),
  z.strictObject({ kind: z.literal('built-in'), what: z.string(), step: z.string(), evidence: z.string() }),
  z.strictObject({ kind: z.literal('unattributed'), step: z.string(), evidence: z.string() }),
]);

const evidenceLineSchema = z.strictObject({ source: z.string(), code: z.string(), line: z.string() });

const stepOutcomeSchema = z.strictObject({
  id: z.string(),
  action: z.string(),
  status: z.enum(['done', 'blocked', 'not-run']),
  summary: z.string(),
  evidence: z.array(evidenceLineSchema),
  at: z.number().optional(),
});

export const outcomeSchema = z.strictObject({
  scenario: z.string(),
  posture: z.string(),
  controls: z.array(control),
  seed: z.string(),
  result: z.enum(['succeeded', 'blocked']),
  blockedBy: z.array(barrierSchema),
  steps: z.array(stepOutcomeSchema),
  detection: z.strictObject({
    detected: z.boolean(),
    alerts: z.array(
      z.strictObject({ kind: z.string(), severity: z.string(), reason: z.string(), at: z.number() }),
    ),
  }),
  impacts: z.array(
    z.strictObject({
      kind: z.enum(impactKinds),
      observed: z.boolean(),
      clinical: z.string(),
      figures: z.record(z.string(), z.number()),
    }),
  ),
  workflow: z.strictObject({
    ok: z.boolean(),
    steps: z.array(z.strictObject({ step: z.string(), ok: z.boolean(), detail: z.string() })),
  }),
  timing: z.strictObject({ startedAt: z.string(), realMs: z.number() }),
}) satisfies z.ZodType<Outcome>;
