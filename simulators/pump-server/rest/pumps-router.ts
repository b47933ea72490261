import { z } from 'zod';
import { PumplabError } from '../../../core/errors.ts';
import type { EventReader, InventoryReader, PumpRecord } from '../ports.ts';
import { defineRoute, type Route } from '../../http/route.ts';
import {
  eventPageSchema,
  pumpEventQuerySchema,
  pumpListSchema,
  pumpQuerySchema,
  pumpSchema,
  serialParam,
} from './schemas.ts';

const serialPath = z.object({ serial: serialParam });

/** The fleet inventory: every pump, one pump, and one pump's events. */
export function pumpRoutes(inventory: InventoryReader, events: EventReader): Route[] {
  return [listPumps(inventory), getPump(inventory), listPumpEvents(inventory, events)];
}

/** GET /pumps */
function listPumps(inventory: InventoryReader): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/pumps',
    operationId: 'listPumps',
    tag: 'inventory',
    summary: 'List the pumps of the fleet inventory, optionally filtered',
    query: pumpQuerySchema,
    responses: [{ status: 200, description: 'The matching pumps, by serial', schema: pumpListSchema }],
    handle: async ({ query }) => ({ json: { items: await inventory.listPumps(query) } }),
  });
}

/** GET /pumps/{serial} */
function getPump(inventory: InventoryReader): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/pumps/{serial}',
    operationId: 'getPump',
    tag: 'inventory',
    summary: 'One pump: model, firmware, library version, care area, state, last seen',
    params: serialPath,
    responses: [{ status: 200, description: 'The pump', schema: pumpSchema }],
    errors: [404],
    handle: async ({ params }) => ({ json: await pumpOrThrow(inventory, params.serial) }),
  });
}

/** GET /pumps/{serial}/events */
function listPumpEvents(inventory: InventoryReader, events: EventReader): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/pumps/{serial}/events',
    operationId: 'listPumpEvents',
    tag: 'events',
    summary: "One pump's stored events, oldest first, a page at a time",
    params: serialPath,
    query: pumpEventQuerySchema,
    responses: [{ status: 200, description: 'A page of events', schema: eventPageSchema }],
    errors: [404],
    handle: async ({ params, query }) => {
      await pumpOrThrow(inventory, params.serial);
      return { json: await events.listEvents({ ...query, serial: params.serial }) };
    },
  });
}

/** The pump, or REST_PUMP_NOT_FOUND. */
async function pumpOrThrow(inventory: InventoryReader, serial: string): Promise<PumpRecord> {
  const pump = await inventory.getPump(serial);
  if (!pump) throw new PumplabError('REST_PUMP_NOT_FOUND', `No pump ${serial} in the inventory.`, { serial });
  return pump;
}
