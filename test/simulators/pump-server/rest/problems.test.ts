import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../core/errors.ts';
import { problemType } from '../../../../simulators/http/problem.ts';
import { startRestLab, type Reply, type RestLab } from './rest-harness.ts';

let lab: RestLab;

beforeAll(async () => {
  lab = await startRestLab();
});

afterAll(async () => lab.close());

/** Every problem answer: RFC 9457 media type and members, the pumplab code, no stack trace. */
function expectProblem(reply: Reply, status: number, code: ErrorCode): void {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = reply.json();
  expect(body).toMatchObject({
    type: problemType(code),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  });
  expect(reply.body.toString()).not.toMatch(/\bat .*\.ts:\d+|node_modules|Error:/);
}

describe('the HTTP layer', () => {
  it('answers health with the lab-clock time', async () => {
    const reply = await lab.request('GET', '/api/v1/health');
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      status: 'ok',
      time: new Date(lab.clock.now()).toISOString(),
      version: '1.0.0',
    });
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['x-powered-by']).toBeUndefined();
  });

  it('answers an unknown route with a REST_ROUTE_NOT_FOUND problem', async () => {
    expectProblem(await lab.request('GET', '/api/v1/nothing-here'), 404, 'REST_ROUTE_NOT_FOUND');
    expectProblem(await lab.request('GET', '/'), 404, 'REST_ROUTE_NOT_FOUND');
  });

  it('answers a known path with the wrong method 405 and Allow', async () => {
    const reply = await lab.request('DELETE', '/api/v1/drug-libraries');
    expectProblem(reply, 405, 'REST_METHOD_NOT_ALLOWED');
    expect(reply.headers['allow']).toBe('GET, POST, HEAD');
  });

  it('answers malformed JSON with REST_MALFORMED_JSON', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries', {
      body: '{"format": "pumplab.drug-library/1",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(reply, 400, 'REST_MALFORMED_JSON');
  });

  it('answers a body over 2 MiB with REST_BODY_TOO_LARGE', async () => {
    const big = { version: '9.9.9', image: 'A'.repeat(2 * 1024 * 1024 + 16) };
    expectProblem(await lab.request('POST', '/api/v1/firmware', { json: big }), 413, 'REST_BODY_TOO_LARGE');
  });

  it('answers a body that is not JSON with REST_UNSUPPORTED_MEDIA_TYPE', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries/1.0.0/distributions', {
      body: 'careArea=icu',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(reply, 415, 'REST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body that fails its schema with INPUT_INVALID and the failing fields', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries/1.0.0/distributions', {
      json: { careArea: 'ICU!', extra: 1 },
    });
    expectProblem(reply, 400, 'INPUT_INVALID');
    const problems = reply.json<{ details: { problems: string[] } }>().details.problems;
    expect(problems.some((problem) => problem.startsWith('body.careArea'))).toBe(true);
    expect(problems.some((problem) => problem.includes('extra'))).toBe(true);
  });

  it('answers an unexpected failure with REST_INTERNAL and nothing of the cause', async () => {
    lab.events.failWith = new Error('SQLITE_CORRUPT: secret path /var/lib/x.db');
    try {
      const reply = await lab.request('GET', '/api/v1/events');
      expectProblem(reply, 500, 'REST_INTERNAL');
      expect(reply.body.toString()).not.toContain('SQLITE_CORRUPT');
      expect(reply.json()).toMatchObject({ details: {} });
    } finally {
      lab.events.failWith = undefined;
    }
  });
});
