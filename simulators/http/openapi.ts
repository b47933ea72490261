import { z } from 'zod';
import { problemMediaType, problemSchema } from './problem.ts';
import type { ResponseSpec, Route } from './route.ts';

/** A JSON Schema object, as zod writes it. */
type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 document (a JSON object). */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

/** The JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema, as sent or as answered. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return rest;
}

const problemRef = { $ref: '#/components/responses/Problem' };

/** Path or query parameters (OpenAPI 3.1 4.8.12) from an object schema's properties. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

/** Responses grouped by status; several bodies of one media type become a oneOf. */
function responses(route: Route): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const status of new Set(route.responses.map((response) => response.status))) {
    const specs = route.responses.filter((response) => response.status === status);
    result[String(status)] = {
      description: specs.map((spec) => spec.description).join('; '),
      content: mediaTypes(specs),
    };
  }
  for (const status of errorStatuses(route)) result[String(status)] = problemRef;
  result['default'] = problemRef;
  return result;
}

function mediaTypes(specs: ResponseSpec[]): Record<string, { schema: JsonSchema }> {
  const schemas = new Map<string, JsonSchema[]>();
  for (const spec of specs) {
    const type = spec.contentType ?? 'application/json';
    const schema = spec.schema
      ? jsonSchema(spec.schema, 'output')
      : { type: 'string', contentMediaType: type };
    schemas.set(type, [...(schemas.get(type) ?? []), schema]);
  }
  return Object.fromEntries(
    [...schemas].map(([type, list]) => [
      type,
      { schema: list.length === 1 ? (list[0] ?? {}) : { oneOf: list } },
    ]),
  );
}

/** Validation answers 400, a body can be too large (413) or not JSON (415), plus the route's own. */
function errorStatuses(route: Route): number[] {
  const statuses = new Set(route.errors ?? []);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.body) [413, 415].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

function operation(route: Route): Record<string, unknown> {
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: responses(route),
  };
}

/** The document's info object (OpenAPI 3.1 4.8.2): which API, which version. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * The OpenAPI 3.1 document of `routes`: every path, its parameters, bodies and responses from the
 * routes' zod schemas, and the problem details schema (RFC 9457) every error answers with.
 * @example buildOpenApi(routes, { title: 'pumplab EHR API', version: '1.0.0', description: '...' })
 */
export function buildOpenApi(routes: readonly Route[], info: OpenApiInfo): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: `${info.description} Errors are RFC 9457 problem details carrying a stable pumplab \`code\`.`,
    },
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    // Mutual TLS is a lab control: off, any client may call; on, a lab client certificate is required.
    security: [{}, { labClientCertificate: [] }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      responses: {
        Problem: {
          description: 'A problem details object (RFC 9457)',
          content: { [problemMediaType]: { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      securitySchemes: {
        labClientCertificate: { type: 'mutualTLS', description: 'A certificate from the lab PKI' },
      },
    },
  };
}
