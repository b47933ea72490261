import { z } from 'zod';
import { deliveryStates, eventTypes } from '../../contract/pump-messages.ts';
import { infusionRecordSchema, pumpRecordSchema, storedEventSchema } from '../ports.ts';
import { commandOutcomeSchema } from '../release-store.ts';
import { rolloutSnapshotSchema } from '../rollout-status.ts';

/**
 * The REST API's own schemas: query strings and response bodies. Request bodies reuse the
 * contract's and the services' schemas. Every response schema here is what the OpenAPI document
 * publishes, so a field added to a response is added here first.
 */
export const serialParam = z.string().regex(/^[A-Za-z0-9-]{1,32}$/);
export const versionParam = z.string().regex(/^\d+\.\d+\.\d+$/);
const careAreaId = z.string().regex(/^[a-z0-9-]{2,40}$/);
/** A time in the query, normalised to UTC with milliseconds so stores can compare it as text. */
const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** A query string flag: `true` or `false`. */
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const pumpQuerySchema = z
  .object({
    careArea: careAreaId.optional(),
    state: z.enum(deliveryStates).optional(),
    online: flag.optional(),
    firmware: versionParam.optional(),
  })
  .strict();

const eventFilters = {
  type: z.enum(eventTypes).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
};
export const pumpEventQuerySchema = z.object(eventFilters).strict();
export const eventQuerySchema = z.object({ serial: serialParam.optional(), ...eventFilters }).strict();

export const pumpSchema = pumpRecordSchema;
export const pumpListSchema = z.object({ items: z.array(pumpSchema) });

export const eventPageSchema = z.object({
  items: z.array(storedEventSchema),
  nextCursor: z.string().nullable(),
});

export { infusionRecordSchema };

const signedFacts = {
  sha256: z.string(),
  size: z.number().int(),
  signer: z.string(),
  signerSerial: z.string(),
  signedAt: z.string(),
};
export const librarySummarySchema = z.object({
  version: z.string(),
  issuedAt: z.string(),
  careAreas: z.array(z.string()),
  ...signedFacts,
});
export const distributionSchema = z.object({
  id: z.string(),
  version: z.string(),
  careArea: z.string(),
  createdAt: z.string(),
  results: z.array(commandOutcomeSchema),
});
export const libraryDetailSchema = librarySummarySchema.extend({
  /** Serials of the pumps the inventory says run this version. */
  pumps: z.array(z.string()),
  distributions: z.array(distributionSchema),
});
export const libraryListSchema = z.object({ items: z.array(librarySummarySchema) });
export const libraryQuerySchema = z.object({ part: z.enum(['library', 'signature']).optional() }).strict();
export const distributionRequestSchema = z.object({ careArea: careAreaId }).strict();

export const firmwareSummarySchema = z.object({ version: z.string(), model: z.string(), ...signedFacts });
export const firmwareListSchema = z.object({ items: z.array(firmwareSummarySchema) });
export const firmwareQuerySchema = z.object({ part: z.enum(['image', 'signature']).optional() }).strict();
/** An upload: the PLFW image, base64 (RFC 4648 4), and the version it claims. */
export const firmwareUploadSchema = z
  .object({ version: versionParam, image: z.base64().min(8).max(2_000_000) })
  .strict();

export const rolloutSchema = rolloutSnapshotSchema;
export const rolloutListSchema = z.object({ items: z.array(rolloutSchema) });
