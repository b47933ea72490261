import { z } from 'zod';
import { controlIds } from '../../scenarios/controls/controls.ts';
import { outcomeSchema } from '../../scenarios/engine/outcome-schema.ts';

/**
 * What the cell pool and its worker processes say to each other over the IPC channel: one request
 * to run a cell, one reply with its outcome or its failure. Both sides parse what they receive.
 */
export const cellRequestSchema = z.strictObject({
  type: z.literal('run'),
  id: z.number().int().nonnegative(),
  scenarioId: z.string().min(1),
  /** A posture as data (an ablation's posture is in no file). */
  posture: z.strictObject({ name: z.string().min(1), controls: z.array(z.enum(controlIds)) }),
  seed: z.string(),
});
export type CellRequest = z.infer<typeof cellRequestSchema>;

export const cellReplySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('outcome'), id: z.number().int(), outcome: outcomeSchema }),
  z.strictObject({
    type: z.literal('failed'),
    id: z.number().int(),
    error: z.strictObject({
      code: z.string().optional(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);
export type CellReply = z.infer<typeof cellReplySchema>;
