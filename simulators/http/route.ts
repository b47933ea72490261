import type { Express, Request, Response } from 'express';
import type { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';

/** The JSON a route answers with. */
export interface JsonReply {
  status?: number;
  json: unknown;
  headers?: Record<string, string>;
}

/** Bytes a route answers with (a signed file, a signature), sent as they are. */
export interface BytesReply {
  status?: number;
  bytes: Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * A body written over time, e.g. Server-Sent Events: the status and headers go at once, then `open`
 * owns the response and writes to it until `closed` aborts (the client went away or the server is
 * closing), when it must stop and release what it holds.
 */
export interface StreamReply {
  status?: number;
  contentType: string;
  headers?: Record<string, string>;
  open(response: Response, closed: AbortSignal): void;
}

/** One documented response of a route. */
export interface ResponseSpec {
  status: number;
  description: string;
  /** The body's schema; absent for a non-JSON body. */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/** What a handler receives: path parameters, query and body, each already parsed by its schema. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * A route as data: the one registry from which the app is built and the OpenAPI document written,
 * so the document cannot miss a route the app serves.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch';
  /** The OpenAPI path template, e.g. `/api/v1/pumps/{serial}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  responses: ResponseSpec[];
  /** Problem statuses this route answers besides validation ones, e.g. 404. */
  errors?: number[];
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Reply | Promise<Reply>;
}

/** Whatever a handler answers with. */
export type Reply = JsonReply | BytesReply | StreamReply;

/** A route with its types erased, as the registry holds it. */
export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/**
 * Declares a route; the handler's input types come from its schemas.
 * @example defineRoute({ method: 'get', path: '/api/v1/health', ..., handle: () => ({ json: { status: 'ok' } }) })
 */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, B>): Route {
  return spec as unknown as Route;
}

/** `/pumps/{serial}` → `/pumps/:serial` (Express 5 path syntax). */
export const expressPath = (template: string): string => template.replace(/\{(\w+)\}/g, ':$1');

/** A matcher for a path template, for telling 404 from 405. */
export const templatePattern = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}/?$`);

/** The JSON media types a body may come in (RFC 6839 3.1 adds the +json suffix). */
const jsonTypes = ['application/json', 'application/*+json'];

/** Registers every route on `app`, each wrapped to validate its input and write its reply. */
export function mountRoutes(app: Express, routes: readonly Route[]): void {
  for (const route of routes) {
    app[route.method](expressPath(route.path), async (request: Request, response: Response) => {
      const input = {
        params: parse(route.params, request.params, 'path'),
        query: parse(route.query, request.query, 'query'),
        body: route.body ? parse(route.body, jsonBody(request), 'body') : undefined,
      };
      send(response, route, await route.handle(input));
    });
  }
}

function jsonBody(request: Request): unknown {
  if (!request.is(jsonTypes)) {
    throw new PumplabError('REST_UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.', {
      contentType: request.get('content-type') ?? null,
    });
  }
  return request.body as unknown;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new PumplabError('INPUT_INVALID', `The request ${where} does not match its schema.`, {
    problems: parsed.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`),
  });
}

/**
 * Writes the reply. JSON goes through the schema documented for its status, so a response always
 * matches the OpenAPI document and a field a port adds beyond the schema is never served.
 */
function send(response: Response, route: Route, reply: Reply): void {
  const status = reply.status ?? 200;
  if ('open' in reply) return openStream(response, reply, status);
  const documented = route.responses.find(
    (spec) => spec.status === status && (spec.contentType ?? 'application/json') === 'application/json',
  );
  // Parsed before anything is set, so a reply that breaks its schema leaves a clean 500 problem.
  const json = 'bytes' in reply || !documented?.schema ? undefined : documented.schema.parse(reply.json);
  response.status(status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  if ('bytes' in reply) response.type(reply.contentType).send(reply.bytes);
  else response.json(documented?.schema ? json : reply.json);
}

/** Sends the status and headers now, then hands the response to the stream until it closes. */
function openStream(response: Response, reply: StreamReply, status: number): void {
  response.status(status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  response.type(reply.contentType);
  response.flushHeaders();
  // A HEAD request gets the headers only (RFC 9110 9.3.2): nothing is opened for it.
  if (response.req.method === 'HEAD') return void response.end();
  const closed = new AbortController();
  response.once('close', () => closed.abort());
  reply.open(response, closed.signal);
}
