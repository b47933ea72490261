import type { Express } from 'express';
import type { Clock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import { createApiApp, routeTemplate } from '../../http/api-app.ts';
import { metaRoutes } from '../../http/meta-routes.ts';
import { buildOpenApi, type OpenApiDocument } from '../../http/openapi.ts';
import type { Route } from '../../http/route.ts';
import { orderRoutes } from './orders-routes.ts';
import { patientRoutes, type PatientRoutesDeps } from './patients-routes.ts';

/** The EHR REST app, its route registry and its OpenAPI document. */
export interface EhrRestApp {
  app: Express;
  routes: readonly Route[];
  openapi: OpenApiDocument;
}

/**
 * Builds the EHR's REST API (express 5) from one route registry: patients, charts, ADT actions and
 * orders, health and the OpenAPI document; errors as RFC 9457 problems. Logs show route templates,
 * never a path with an MRN in it.
 *
 * @example const { app } = createEhrRestApp({ ward, admissions, chart, clock, logger });
 */
export function createEhrRestApp(
  deps: PatientRoutesDeps & { clock: Clock; logger: Logger; version?: string },
): EhrRestApp {
  const version = deps.version ?? '1.0.0';
  let openapi: OpenApiDocument = { paths: {} };
  const routes: Route[] = [
    ...patientRoutes(deps),
    ...orderRoutes(deps.ward),
    ...metaRoutes(deps.clock, version, () => openapi),
  ];
  openapi = buildOpenApi(routes, {
    title: 'pumplab EHR API',
    version,
    description:
      'Synthetic patients, infusion orders, ADT actions and the chart of pump observations and alarms ' +
      'of the lab EHR (NIST SP 1800-8).',
  });
  const logger = deps.logger.child({ component: 'ehr-rest' });
  const app = createApiApp({ routes, logger, logPath: routeTemplate });
  return { app, routes, openapi };
}
