import type { Express } from 'express';
import type { Clock } from '../../../core/clock.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import { createApiApp } from '../../http/api-app.ts';
import { metaRoutes } from '../../http/meta-routes.ts';
import { buildOpenApi, type OpenApiDocument } from '../../http/openapi.ts';
import type { Route } from '../../http/route.ts';
import type { DrugLibraryService } from '../drug-library-service.ts';
import type { FirmwareCatalog } from '../firmware-catalog.ts';
import type { FirmwareRollouts } from '../firmware-rollouts.ts';
import type { EventReader, InventoryReader } from '../ports.ts';
import { drugLibraryRoutes } from './drug-libraries-router.ts';
import { eventRoutes } from './events-router.ts';
import { firmwareRoutes } from './firmware-router.ts';
import { infusionRoutes } from './infusions-router.ts';
import { pumpRoutes } from './pumps-router.ts';

/** What the REST API is built from: the server's ports and its release services. */
export interface RestAppOptions {
  inventory: InventoryReader;
  events: EventReader;
  libraries: DrugLibraryService;
  firmware: FirmwareCatalog;
  rollouts: FirmwareRollouts;
  clock: Clock;
  logger?: Logger;
  /** The largest request body accepted, bytes. Default 2 MiB. */
  bodyLimitBytes?: number;
  /** The API version the health check and the OpenAPI document state. */
  version?: string;
}

/** The app, with the route registry it was built from and the OpenAPI document of it. */
export interface RestApp {
  app: Express;
  routes: readonly Route[];
  openapi: OpenApiDocument;
}

/**
 * Builds the pump server's REST API (express 5): every route from one registry, bodies parsed as
 * JSON up to the limit, every error an RFC 9457 problem, unknown paths 404 and wrong methods 405.
 * @example const { app } = createRestApp({ inventory, events, libraries, firmware, rollouts, clock })
 */
export function createRestApp(options: RestAppOptions): RestApp {
  const logger = (options.logger ?? silentLogger).child({ component: 'rest' });
  const version = options.version ?? '1.0.0';
  let openapi: OpenApiDocument = { paths: {} };
  const routes: Route[] = [
    ...pumpRoutes(options.inventory, options.events),
    ...eventRoutes(options.events),
    ...infusionRoutes(options.events),
    ...drugLibraryRoutes(options.libraries),
    ...firmwareRoutes(options.firmware, options.rollouts),
    ...metaRoutes(options.clock, version, () => openapi),
  ];
  openapi = buildOpenApi(routes, {
    title: 'pumplab pump server API',
    version,
    description:
      'Fleet inventory, infusion events, signed drug libraries and firmware of the lab pump server ' +
      '(NIST SP 1800-8).',
  });
  const app = createApiApp({
    routes,
    logger,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
  });
  return { app, routes, openapi };
}
