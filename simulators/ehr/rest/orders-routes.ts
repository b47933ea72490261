import { defineRoute, type Route } from '../../http/route.ts';
import { infusionOrderSchema } from '../infusion-order.ts';
import type { Ward } from '../ward.ts';
import { orderIdPath, orderListSchema, orderPatchSchema, orderQuerySchema } from './rest-schemas.ts';

/** Infusion orders: what the point-of-care workstation reads, and the status it sets. */
export function orderRoutes(ward: Ward): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/orders',
      operationId: 'listOrders',
      tag: 'orders',
      summary: 'Infusion orders, optionally of one patient and in one status, by order id',
      description: 'Carries MRNs (PHI): served over TLS only.',
      query: orderQuerySchema,
      responses: [{ status: 200, description: 'The matching orders', schema: orderListSchema }],
      handle: ({ query }) => ({ json: { items: ward.orders(query) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/orders/{orderId}',
      operationId: 'getOrder',
      tag: 'orders',
      summary: 'One order: patient, drug, dose, route, due time and status (the five rights)',
      params: orderIdPath,
      responses: [{ status: 200, description: 'The order', schema: infusionOrderSchema }],
      errors: [404],
      handle: ({ params }) => ({ json: ward.order(params.orderId) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/orders/{orderId}',
      operationId: 'updateOrder',
      tag: 'orders',
      summary: 'Set the status: in-progress when the infusion starts, completed when it ends',
      description:
        'An order goes active → in-progress → completed. Setting the status it already has succeeds ' +
        'and changes nothing, so a lost answer can be retried.',
      params: orderIdPath,
      body: orderPatchSchema,
      responses: [{ status: 200, description: 'The order as it now is', schema: infusionOrderSchema }],
      errors: [404, 409],
      handle: ({ params, body }) => ({ json: ward.setOrderStatus(params.orderId, body.status) }),
    }),
  ];
}
