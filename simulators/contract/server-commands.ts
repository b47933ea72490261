import { z } from 'zod';

/**
 * Commands the pump server sends a pump on `pumplab/v1/pumps/{serial}/commands` (QoS 1). Each has
 * an id the pump echoes in its command result. Libraries and firmware travel with a detached CMS
 * signature (base64 DER), which a pump that checks signatures verifies before installing.
 */
const commandBase = { commandId: z.string().min(1).max(64), issuedAt: z.iso.datetime() };

export const programOrderSchema = z.object({
  infusionId: z.string().min(1).max(64),
  patientId: z.string().max(64).optional(),
  drugId: z.string(),
  /** Either a rate in mL/h or a dose rate the pump converts with the library's concentration. */
  rate: z.number().positive().optional(),
  doseRate: z.object({ value: z.number().positive(), unit: z.string() }).optional(),
  /** Patient weight, kg, for weight-based dose units. */
  weightKg: z.number().positive().max(500).optional(),
  vtbi: z.number().positive().max(10_000),
  /** The clinician confirmed a soft-limit override. A hard limit can never be confirmed. */
  confirmSoftLimit: z.boolean().default(false),
  /** Start delivery at once instead of waiting for a start command (the nurse already confirmed). */
  autoStart: z.boolean().default(false),
});
export type ProgramOrder = z.infer<typeof programOrderSchema>;

export const commandSchema = z.discriminatedUnion('kind', [
  z.object({ ...commandBase, kind: z.literal('program'), order: programOrderSchema }),
  z.object({ ...commandBase, kind: z.literal('start') }),
  z.object({ ...commandBase, kind: z.literal('pause') }),
  z.object({ ...commandBase, kind: z.literal('resume') }),
  z.object({ ...commandBase, kind: z.literal('stop') }),
  z.object({
    ...commandBase,
    kind: z.literal('install-library'),
    /** The library JSON exactly as signed, base64. */
    library: z.string().max(2_000_000),
    signature: z.string().max(100_000).nullable(),
  }),
  z.object({
    ...commandBase,
    kind: z.literal('install-firmware'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    image: z.string().max(8_000_000),
    signature: z.string().max(100_000).nullable(),
  }),
  z.object({ ...commandBase, kind: z.literal('report-status') }),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandKind = Command['kind'];
