import { z } from 'zod';

/** Where a patient lies: PV1-3 point of care^room^bed (HL7 2.A.53 PL). */
export const bedLocationSchema = z.object({ unit: z.string(), room: z.string(), bed: z.string() });
export type BedLocation = z.infer<typeof bedLocationSchema>;

/**
 * A synthetic patient. Everything here is PHI in a real hospital and the lab treats it as such:
 * it is never logged, and leaves the EHR only inside TLS or where a scenario shows a leak on purpose.
 */
export const patientSchema = z.object({
  mrn: z.string().regex(/^MRN\d{6}$/),
  family: z.string(),
  given: z.string(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sex: z.enum(['F', 'M', 'U']),
  weightKg: z.number().positive(),
  allergies: z.array(z.string()),
  careArea: z.string(),
  location: bedLocationSchema,
  admitted: z.boolean(),
});
export type Patient = z.infer<typeof patientSchema>;
