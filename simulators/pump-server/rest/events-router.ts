import type { EventReader } from '../ports.ts';
import { defineRoute, type Route } from '../../http/route.ts';
import { eventPageSchema, eventQuerySchema } from './schemas.ts';

/** The infusion event store, across the fleet. */
export function eventRoutes(events: EventReader): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/events',
      operationId: 'listEvents',
      tag: 'events',
      summary: 'Stored events of every pump, oldest first, filtered and paged',
      description: 'Pass the `nextCursor` of a page as `cursor` to read the next; null means the last page.',
      query: eventQuerySchema,
      responses: [{ status: 200, description: 'A page of events', schema: eventPageSchema }],
      handle: async ({ query }) => ({ json: await events.listEvents(query) }),
    }),
  ];
}
