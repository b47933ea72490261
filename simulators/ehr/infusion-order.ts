import { z } from 'zod';

/**
 * An infusion order as the EHR holds it and the point-of-care workstation reads it: the five rights
 * (patient, drug, dose, route, time) a nurse checks against what was scanned.
 */
export const infusionOrderSchema = z.object({
  orderId: z.string(),
  mrn: z.string(),
  drugId: z.string(),
  drugName: z.string(),
  /** Either a rate in mL/h or a dose rate in the library's dose unit. */
  dose: z.union([
    z.object({ kind: z.literal('rate'), mlPerHour: z.number().positive() }),
    z.object({ kind: z.literal('dose-rate'), value: z.number().positive(), unit: z.string() }),
  ]),
  concentration: z.object({ amount: z.number().positive(), unit: z.string() }),
  vtbiMl: z.number().positive(),
  route: z.literal('IV'),
  /** When the order is due; a nurse may give it within ±30 min (the "right time"). */
  dueAt: z.iso.datetime(),
  status: z.enum(['active', 'in-progress', 'completed', 'discontinued']),
});
export type InfusionOrder = z.infer<typeof infusionOrderSchema>;
