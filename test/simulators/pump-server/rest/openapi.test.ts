import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFirmwareImage } from '../../../../simulators/contract/firmware-image.ts';
import { eventFixture, libraryFixture } from './fixtures.ts';
import { startRestLab, type RestLab } from './rest-harness.ts';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: Json }>; $ref?: string }>;
}

let lab: RestLab;
let document: Json & { paths: Record<string, Record<string, Operation>>; components: { schemas: Json } };
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

beforeAll(async () => {
  lab = await startRestLab();
  lab.inventory.add('PUMP-0001');
  lab.events.events.push(eventFixture('PUMP-0001', 1));
  await lab.request('POST', '/api/v1/drug-libraries', { json: libraryFixture('1.0.0') });
  const image = buildFirmwareImage({ model: 'LVP-3000', version: '2.0.0', body: Buffer.from('fw') });
  await lab.request('POST', '/api/v1/firmware', {
    json: { version: '2.0.0', image: image.toString('base64') },
  });
  const reply = await lab.request('GET', '/api/v1/openapi.json');
  expect(reply.status).toBe(200);
  document = reply.json<typeof document>();
});

afterAll(async () => lab.close());

/** The routes Express itself holds (its router stack), in OpenAPI path syntax. */
function expressRoutes(): string[] {
  const stack = lab.rest.app.router.stack as { route?: { path: string; methods: Record<string, boolean> } }[];
  return stack.flatMap(({ route }) =>
    route
      ? Object.keys(route.methods).map((method) => `${method} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

const documented = (): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method} ${path}`),
  );

const schemaOf = (path: string, status = '200', type = 'application/json'): Json => {
  const schema = document.paths[path]?.['get']?.responses[status]?.content?.[type]?.schema;
  if (!schema) throw new Error(`no schema for GET ${path} ${status}`);
  return schema;
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists exactly the routes Express serves', () => {
    expect(document['openapi']).toBe('3.1.0');
    expect(documented().sort()).toEqual(expressRoutes().sort());
    expect(documented()).toHaveLength(17);
  });

  it('names every path parameter of every template, with unique operation ids', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        ids.add(operation.operationId);
        const inPath = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect(inPath).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
        expect(operation.responses['default']).toEqual({ $ref: '#/components/responses/Problem' });
      }
    }
    expect(ids.size).toBe(documented().length);
  });

  it('holds schemas that compile as JSON Schema 2020-12', () => {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const response of Object.values(operation.responses)) {
          for (const media of Object.values(response.content ?? {}))
            expect(() => ajv.compile(media.schema)).not.toThrow();
        }
      }
    }
    expect(() => ajv.compile(document.components.schemas['Problem'] as Json)).not.toThrow();
  });

  it.each([
    ['/api/v1/pumps', '/api/v1/pumps'],
    ['/api/v1/pumps/{serial}', '/api/v1/pumps/PUMP-0001'],
    ['/api/v1/pumps/{serial}/events', '/api/v1/pumps/PUMP-0001/events'],
    ['/api/v1/events', '/api/v1/events'],
    ['/api/v1/drug-libraries', '/api/v1/drug-libraries'],
    ['/api/v1/drug-libraries/{version}', '/api/v1/drug-libraries/1.0.0'],
    ['/api/v1/firmware', '/api/v1/firmware'],
    ['/api/v1/firmware/{version}', '/api/v1/firmware/2.0.0'],
    ['/api/v1/firmware/rollouts', '/api/v1/firmware/rollouts'],
    ['/api/v1/health', '/api/v1/health'],
  ])('describes what GET %s answers', async (template, path) => {
    const validate = ajv.compile(schemaOf(template));
    const body: unknown = (await lab.request('GET', path)).json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes the problem every error answers with', async () => {
    const validate = ajv.compile(document.components.schemas['Problem'] as Json);
    for (const path of ['/api/v1/pumps/NOPE', '/api/v1/nowhere', '/api/v1/events?limit=0']) {
      const body: unknown = (await lab.request('GET', path)).json();
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
