import type { Express } from 'express';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { createApiApp } from '../../simulators/http/api-app.ts';
import { metaRoutes } from '../../simulators/http/meta-routes.ts';
import { buildOpenApi, type OpenApiDocument } from '../../simulators/http/openapi.ts';
import type { Route } from '../../simulators/http/route.ts';
import { eventStreamDefaults, type EventStreamLimits } from './event-stream.ts';
import { eventsRoute } from './events-route.ts';
import type { GatewayApiParts } from './gateway-api-parts.ts';
import { logRoutes } from './log-routes.ts';
import { policyRoutes } from './policy-routes.ts';
import { topologyRoute } from './topology-route.ts';

export interface GatewayRoutesOptions {
  logger?: Logger;
  /** The live stream's heartbeat and per-client backlog; defaults in event-stream.ts. */
  stream?: Partial<EventStreamLimits>;
}

/**
 * The gateway's routes, as data: its logs, its policy, its topology and the live stream. Another
 * lab server (the dashboard) mounts the same routes with `createApiApp`.
 *
 * @example const app = createApiApp({ routes: [...gatewayApiRoutes(parts), ...dashboardRoutes], logger })
 */
export function gatewayApiRoutes(parts: GatewayApiParts, options: GatewayRoutesOptions = {}): Route[] {
  const limits = { ...eventStreamDefaults, ...options.stream };
  const logger = options.logger ?? silentLogger;
  return [
    ...logRoutes(parts),
    ...policyRoutes(parts),
    topologyRoute(parts.topology),
    eventsRoute(parts, limits, logger),
  ];
}

/** The app, the route registry it was built from, and the OpenAPI document of it. */
export interface GatewayApiApp {
  app: Express;
  routes: readonly Route[];
  openapi: OpenApiDocument;
}

/**
 * Builds the gateway's REST API (express 5) the lab's way: the gateway routes plus health and the
 * OpenAPI document, errors as RFC 9457 problems.
 *
 * @example const { app } = createGatewayApiApp(parts, { clock, logger })
 */
export function createGatewayApiApp(
  parts: GatewayApiParts,
  options: GatewayRoutesOptions & { clock?: Clock; version?: string } = {},
): GatewayApiApp {
  const version = options.version ?? '1.0.0';
  const logger = (options.logger ?? silentLogger).child({ component: 'gateway-api' });
  let openapi: OpenApiDocument = { paths: {} };
  const routes: Route[] = [
    ...gatewayApiRoutes(parts, { ...options, logger }),
    ...metaRoutes(options.clock ?? systemClock, version, () => openapi),
  ];
  openapi = buildOpenApi(routes, {
    title: 'pumplab gateway API',
    version,
    description:
      'The segmentation gateway of the lab network (NIST SP 1800-8 Vol B 4.2): every decision it ' +
      'made, the security monitor’s alerts, device admission, the zone policy and the topology, ' +
      'queryable and streamed live.',
  });
  return { app: createApiApp({ routes, logger }), routes, openapi };
}
