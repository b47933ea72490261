import { z } from 'zod';
import { PumplabError } from '../../../core/errors.ts';
import type { EventReader } from '../ports.ts';
import { defineRoute, type Route } from '../../http/route.ts';
import { infusionRecordSchema } from './schemas.ts';

/** Infusions as the event store last saw them. */
export function infusionRoutes(events: EventReader): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/infusions/{id}',
      operationId: 'getInfusion',
      tag: 'events',
      summary: 'One infusion: drug, rate, volume infused, pump and state',
      description: 'Carries the patient identifier (PHI): served over TLS only.',
      params: z.object({ id: z.string().min(1).max(64) }),
      responses: [{ status: 200, description: 'The infusion', schema: infusionRecordSchema }],
      errors: [404],
      handle: async ({ params }) => {
        const infusion = await events.getInfusion(params.id);
        if (!infusion) {
          throw new PumplabError('REST_INFUSION_NOT_FOUND', `No infusion ${params.id}.`, { id: params.id });
        }
        return { json: infusion };
      },
    }),
  ];
}
