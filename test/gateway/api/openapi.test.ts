import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApiApp, gatewayApiRoutes } from '../../../gateway/api/gateway-api-app.ts';
import { labPki, laptop, startApiLab, topology, type ApiLab } from './gateway-api-lab.ts';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }>; $ref?: string }>;
}
type Document = Json & { paths: Record<string, Record<string, Operation>>; components: { schemas: Json } };

const stateDir = labPki();
let lab: ApiLab;
let document: Document;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

beforeAll(async () => {
  lab = await startApiLab(stateDir);
  const reply = await lab.request('GET', '/api/v1/openapi.json');
  expect(reply.status).toBe(200);
  document = reply.json<Document>();
});
afterAll(() => lab.close());

const parts = (): Parameters<typeof gatewayApiRoutes>[0] => ({ ...lab, topology });
const operation = (path: string, method = 'get'): Operation => {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
};

describe('the gateway API’s OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route of the registry, the exported ones and the meta routes', () => {
    expect(document['openapi']).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    const { routes } = createGatewayApiApp(parts());
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    expect(gatewayApiRoutes(parts()).map((route) => `${route.method} ${route.path}`)).toEqual([
      'get /api/v1/decisions',
      'get /api/v1/alerts',
      'get /api/v1/admissions',
      'get /api/v1/policy',
      'put /api/v1/policy',
      'get /api/v1/topology',
      'get /api/v1/events/stream',
    ]);
    expect(documented).toEqual(expect.arrayContaining(['get /api/v1/health', 'get /api/v1/openapi.json']));
  });

  it('documents the live stream as text/event-stream', () => {
    const stream = operation('/api/v1/events/stream');
    expect(Object.keys(stream.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(JSON.stringify(stream)).toMatch(/event: decision.*event: alert.*event: admission/);
  });

  it('documents the log queries as optional query parameters, and 422 for an invalid policy', () => {
    const names = (path: string): string[] => operation(path).parameters.map((parameter) => parameter.name);
    expect(names('/api/v1/decisions').sort()).toEqual(['fromZone', 'limit', 'since', 'verdict']);
    expect(names('/api/v1/alerts').sort()).toEqual(['kind', 'limit', 'severity', 'since']);
    expect(operation('/api/v1/decisions').parameters.every((parameter) => !parameter.required)).toBe(true);
    const put = operation('/api/v1/policy', 'put');
    expect(put.requestBody?.content['application/json']).toBeDefined();
    expect(put.responses['422']).toEqual({ $ref: '#/components/responses/Problem' });
  });

  it('describes the answers the API really gives', async () => {
    await lab.connect(laptop, 'mqtt');
    for (const path of ['/api/v1/decisions', '/api/v1/alerts', '/api/v1/policy', '/api/v1/topology']) {
      const schema = operation(path).responses['200']?.content?.['application/json']?.schema ?? {};
      const validate = ajv.compile({ ...schema, components: document.components });
      const body = (await lab.request('GET', path)).json();
      expect(validate(body), `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
