import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../core/errors.ts';
import { startGatewayApi } from '../../../gateway/api/gateway-api.ts';
import { loadTlsTrust } from '../../../pki/tls/tls-material.ts';
import { problemType } from '../../../simulators/http/problem.ts';
import { requestAdmission } from '../../../simulators/pump/network/network-admission.ts';
import { credentialsOf } from '../admission/admission-lab.ts';
import { callApi, type Reply } from './api-client.ts';
import { biomedHost, labPki, laptop, startApiLab, topology, type ApiLab } from './gateway-api-lab.ts';

type Items = { items: Record<string, unknown>[] };

const stateDir = labPki();
let lab: ApiLab;
beforeAll(async () => {
  lab = await startApiLab(stateDir);
});
afterAll(() => lab.close());

/** An RFC 9457 problem with the pumplab code. */
function expectProblem(reply: Reply, status: number, code: ErrorCode): void {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.json()).toMatchObject({ type: problemType(code), status, code });
}

const items = async (path: string): Promise<Record<string, unknown>[]> => {
  const reply = await lab.request('GET', path);
  expect(reply.status).toBe(200);
  return reply.json<Items>().items;
};

describe('GET /api/v1/decisions', () => {
  it('lists each real connection: time, source address and zone, destination zone and service, verdict, rule', async () => {
    expect(await lab.connect(laptop, 'mqtt')).toBe('refused');
    lab.clock.advance(1_000);
    expect(await lab.connect(biomedHost, 'rest')).toBe('echo');
    const [allowed, denied] = await items('/api/v1/decisions?limit=2');
    const biomedRule = lab.gateway.policy.rules.findIndex((rule) => rule.from === 'biomed');
    expect(allowed).toEqual({
      at: lab.clock.now(),
      fromAddress: biomedHost,
      fromZone: 'biomed',
      toZone: 'clinical-servers',
      service: 'rest',
      verdict: 'allow',
      rule: {
        policy: 'segmented',
        number: biomedRule + 1,
        line: lab.gateway.policy.rules[biomedRule]?.line,
        why: expect.stringContaining('biomedical engineering'),
      },
    });
    expect(denied).toMatchObject({
      at: lab.clock.now() - 1_000,
      fromAddress: laptop,
      fromZone: 'enterprise',
      service: 'mqtt',
      verdict: 'deny',
      rule: { policy: 'segmented', number: null, line: null, why: 'no rule allows it (default deny)' },
    });
  });

  it('filters by verdict, source zone, since (lab ms) and limit, given as query-string text', async () => {
    lab.clock.advance(60_000);
    const since = lab.clock.now();
    await lab.connect(laptop, 'hl7');
    await lab.connect(biomedHost, 'rest');
    await lab.connect(laptop, 'ehr-rest');
    const denied = await items(`/api/v1/decisions?verdict=deny&since=${since}`);
    expect(denied.map((decision) => decision['service'])).toEqual(['ehr-rest', 'hl7']);
    const biomed = await items(`/api/v1/decisions?fromZone=biomed&since=${since}`);
    expect(biomed.map((decision) => decision['verdict'])).toEqual(['allow']);
    expect(await items(`/api/v1/decisions?since=${since}&limit=1`)).toHaveLength(1);
    expect(await items(`/api/v1/decisions?since=${since + 1}`)).toEqual([]);
  });

  it('refuses a query it cannot read with 400 INPUT_INVALID', async () => {
    for (const query of [
      'verdict=maybe',
      'limit=abc',
      'limit=0',
      'limit=10001',
      'since=yesterday',
      'colour=red',
    ])
      expectProblem(await lab.request('GET', `/api/v1/decisions?${query}`), 400, 'INPUT_INVALID');
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists the monitor’s alert after a scan through the gateway, filtered by kind and least severity', async () => {
    const scanner = '127.40.0.77';
    lab.clock.advance(120_000);
    for (const service of ['mqtt', 'rest', 'pump-maintenance']) await lab.connect(scanner, service);
    const [scan, ...more] = await items('/api/v1/alerts?kind=port-scan&severity=high');
    expect(more).toEqual([]);
    expect(scan).toMatchObject({
      kind: 'port-scan',
      severity: 'high',
      source: { address: scanner, zone: 'enterprise' },
      at: lab.clock.now(),
    });
    expect(await items('/api/v1/alerts?kind=port-scan&severity=critical')).toEqual([]);
    expectProblem(await lab.request('GET', '/api/v1/alerts?severity=urgent'), 400, 'INPUT_INVALID');
  });
});

describe('GET /api/v1/admissions', () => {
  it('lists admission decisions, filtered by verdict', async () => {
    const pump = '127.10.0.57';
    const port = lab.admission.port;
    const host = topology.zone('pump-network')?.gateway ?? '';
    const tls = credentialsOf(stateDir, 'pump-PL00001');
    expect(await requestAdmission({ host, port, localAddress: pump, tls })).toMatchObject({
      verdict: 'admitted',
    });
    const [admitted] = await items('/api/v1/admissions?verdict=admitted');
    expect(admitted).toEqual({
      at: lab.clock.now(),
      address: pump,
      zone: 'pump-network',
      identity: 'PL00001',
      verdict: 'admitted',
      reason: 'valid-device-certificate',
    });
    expect(await items('/api/v1/admissions?verdict=evicted')).toEqual([]);
  });

  it('answers 404 for alerts and admissions when the lab runs without monitor and admission', async () => {
    const bare = await startGatewayApi({
      parts: { gateway: lab.gateway, topology },
      host: '127.0.0.1',
      port: 0,
      stateDir,
    });
    try {
      const { ca } = loadTlsTrust(stateDir);
      expectProblem(await callApi(bare.url, ca, 'GET', '/api/v1/admissions'), 404, 'REST_ROUTE_NOT_FOUND');
      expectProblem(await callApi(bare.url, ca, 'GET', '/api/v1/alerts'), 404, 'REST_ROUTE_NOT_FOUND');
      expect((await callApi(bare.url, ca, 'GET', '/api/v1/decisions')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
