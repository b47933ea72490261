import express, { type Express, type Request, type RequestHandler } from 'express';
import { PumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { problemHandler, sendProblem } from './problem.ts';
import { mountRoutes, templatePattern, type Route } from './route.ts';

/** What a lab REST app is built from. */
export interface ApiAppOptions {
  routes: readonly Route[];
  logger: Logger;
  /** The largest request body accepted, bytes. Default 2 MiB. */
  bodyLimitBytes?: number;
  /**
   * What a log line says of the request path: the path itself by default. An API whose paths carry
   * patient identifiers passes {@link routeTemplate}, so no MRN reaches the logs.
   */
  logPath?: (request: Request) => string;
}

/** The matched route's template (`/api/v1/patients/:mrn`), or `(unmatched)`: a path with no PHI. */
export const routeTemplate = (request: Request): string => {
  const route: unknown = request.route;
  const path = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  return typeof path === 'string' ? path : '(unmatched)';
};

const defaultBodyLimitBytes = 2 * 1024 * 1024;

/**
 * An express 5 app serving `routes` the lab's way: bodies parsed as JSON up to the limit, every
 * error an RFC 9457 problem, unknown paths 404 and wrong methods 405, nothing cached.
 * @example const app = createApiApp({ routes, logger });
 */
export function createApiApp(options: ApiAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const logPath = options.logPath ?? ((request: Request) => request.path);
  app.use(baseHeaders(options.logger, logPath));
  app.use(
    express.json({
      limit: options.bodyLimitBytes ?? defaultBodyLimitBytes,
      type: ['application/json', 'application/*+json'],
    }),
  );
  mountRoutes(app, options.routes);
  app.use(unmatched(options.routes));
  app.use(problemHandler(options.logger, logPath));
  return app;
}

/** No caching (answers carry patient data), no sniffing; every request logged at debug. */
function baseHeaders(logger: Logger, logPath: (request: Request) => string): RequestHandler {
  return (request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.on('finish', () =>
      logger.debug(
        { method: request.method, path: logPath(request), status: response.statusCode },
        'request',
      ),
    );
    next();
  };
}

/** 405 with Allow when the path exists under other methods (RFC 9110 15.5.6), else 404. */
function unmatched(routes: readonly Route[]): RequestHandler {
  const patterns = routes.map((route) => ({ pattern: templatePattern(route.path), method: route.method }));
  return (request, response) => {
    const allowed = patterns
      .filter(({ pattern }) => pattern.test(request.path))
      .map(({ method }) => method.toUpperCase());
    if (allowed.length > 0) {
      const methods = [...new Set(allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed)].join(', ');
      response.setHeader('Allow', methods);
      const error = new PumplabError('REST_METHOD_NOT_ALLOWED', `${request.method} is not allowed here.`, {
        allow: methods,
      });
      return sendProblem(response, error, request.path);
    }
    const error = new PumplabError('REST_ROUTE_NOT_FOUND', `No route ${request.method} ${request.path}.`, {});
    sendProblem(response, error, request.path);
  };
}
