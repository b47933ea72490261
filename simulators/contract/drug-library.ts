import { z } from 'zod';

/**
 * A drug library ("dose error reduction software" data set): per care area, the drugs a pump may
 * deliver there, their concentrations and the soft and hard dose limits. Libraries are signed with
 * the lab's code-signing certificate (ICSMA-23-194-01 shows why: a tampered library reaches pumps).
 */
export const doseUnits = ['mL/h', 'mcg/kg/min', 'mg/h', 'units/h', 'mcg/min', 'mg/kg/h'] as const;
export type DoseUnit = (typeof doseUnits)[number];

const limits = z
  .object({
    softMin: z.number().nonnegative().optional(),
    softMax: z.number().positive().optional(),
    hardMin: z.number().nonnegative().optional(),
    hardMax: z.number().positive(),
  })
  .refine((l) => l.softMax === undefined || l.softMax <= l.hardMax, 'softMax must not exceed hardMax')
  .refine(
    (l) => l.softMin === undefined || l.hardMin === undefined || l.softMin >= l.hardMin,
    'softMin below hardMin',
  );

export const drugEntrySchema = z.object({
  /** Stable identifier the orders and PCD-03 messages use. */
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1).max(80),
  /** Concentration: amount of drug per mL, e.g. 4 mg in 1 mL → amount 4, unit mg. */
  concentration: z.object({
    amount: z.number().positive(),
    unit: z.enum(['mg', 'mcg', 'units', 'g']),
    perMl: z.literal(1),
  }),
  doseUnit: z.enum(doseUnits),
  limits,
});
export type DrugEntry = z.infer<typeof drugEntrySchema>;

export const drugLibrarySchema = z.object({
  format: z.literal('pumplab.drug-library/1'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  issuedAt: z.iso.datetime(),
  careAreas: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{2,40}$/),
        name: z.string(),
        /** The highest rate any infusion may run in this area, mL/h (a pump-wide hard limit). */
        maxRateMlPerHour: z.number().positive().max(1200),
        drugs: z.array(drugEntrySchema).min(1),
      }),
    )
    .min(1),
});
export type DrugLibrary = z.infer<typeof drugLibrarySchema>;
