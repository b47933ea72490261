import { z } from 'zod';
import { adtEvents } from '../../hl7/pcd/adt.ts';
import { infusionOrderSchema } from '../infusion-order.ts';
import { bedLocationSchema, patientSchema } from '../patient.ts';

/**
 * The EHR API's own schemas: path and query parameters, request bodies and the response bodies the
 * OpenAPI document publishes. Patients and orders are the EHR's own schemas (patient.ts,
 * infusion-order.ts), so the point-of-care workstation reads them with the same zod.
 */
export const mrnParam = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
export const orderIdParam = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const careAreaId = z.string().regex(/^[a-z0-9-]{2,40}$/);
/** A query string flag: `true` or `false`. */
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const mrnPath = z.object({ mrn: mrnParam });
export const orderIdPath = z.object({ orderId: orderIdParam });

export const patientQuerySchema = z
  .object({ admitted: flag.optional(), careArea: careAreaId.optional() })
  .strict();
export const patientListSchema = z.object({ items: z.array(patientSchema) });

export const chartQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(10_000).optional() })
  .strict();

export const orderStatuses = infusionOrderSchema.shape.status.options;
export const orderQuerySchema = z
  .object({ mrn: mrnParam.optional(), status: z.enum(orderStatuses).optional() })
  .strict();
export const orderListSchema = z.object({ items: z.array(infusionOrderSchema) });
/** What the point-of-care workstation may set: it starts an infusion and completes it. */
export const orderPatchSchema = z.object({ status: z.enum(['in-progress', 'completed']) }).strict();

export const transferRequestSchema = bedLocationSchema.extend({ careArea: careAreaId.optional() }).strict();

export const admissionResultSchema = z.object({
  patient: patientSchema,
  adt: z.object({
    event: z.enum(adtEvents),
    /** False when the EHR runs without a pump server to notify. */
    sent: z.boolean(),
    controlId: z.string().optional(),
    acknowledgement: z.enum(['AA', 'CA']).optional(),
  }),
});
