import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { defineRoute, type Route } from './route.ts';

/** The health check's body. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  /** Lab-clock time. */
  time: z.string(),
  version: z.string(),
});

/**
 * The API about itself: liveness and the OpenAPI document, the same on every lab REST API.
 * @example const routes = [...ownRoutes, ...metaRoutes(clock, '1.0.0', () => openapi)];
 */
export function metaRoutes(clock: Clock, version: string, document: () => unknown): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/health',
      operationId: 'getHealth',
      tag: 'meta',
      summary: 'Liveness, with the server lab-clock time',
      responses: [{ status: 200, description: 'The server is up', schema: healthSchema }],
      handle: () => ({ json: { status: 'ok', time: new Date(clock.now()).toISOString(), version } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/openapi.json',
      operationId: 'getOpenApi',
      tag: 'meta',
      summary: 'This OpenAPI 3.1 document',
      responses: [
        {
          status: 200,
          description: 'The document',
          schema: z.record(z.string(), z.unknown()),
          contentType: 'application/json',
        },
      ],
      handle: () => ({ json: document() }),
    }),
  ];
}
