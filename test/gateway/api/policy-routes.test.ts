import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '../../../simulators/http/problem.ts';
import { labPki, laptop, startApiLab, topology, type ApiLab } from './gateway-api-lab.ts';

interface PolicyView {
  name: string;
  rules: { number: number; line: number; from: string; to: string; service: string; verdict: string }[];
  warnings: { file: string; line: number; column: number; message: string }[];
}

let lab: ApiLab;
const stateDir = labPki();
beforeAll(async () => {
  lab = await startApiLab(stateDir);
});
afterAll(() => lab.close());

/** The newest decision the gateway logged. */
const lastDecision = async (): Promise<Record<string, unknown> | undefined> =>
  (await lab.request('GET', '/api/v1/decisions?limit=1')).json<{ items: Record<string, unknown>[] }>()
    .items[0];

/** A trainer's policy: the laptop may reach the pumps' maintenance console (line 8 is its `from`). */
const trainerPolicy = `version: 1
name: trainer
rules:
  - from: clinical-systems
    to: clinical-servers
    service: hl7
    verdict: allow
    why: orders
  - from: enterprise
    to: pump-network
    service: pump-maintenance
    verdict: allow
    why: a misconfiguration to find
`;

describe('GET /api/v1/policy', () => {
  it('shows the policy in force: its rules numbered, with their lines in the file, and its warnings', async () => {
    const view = (await lab.request('GET', '/api/v1/policy')).json<PolicyView>();
    expect(view.name).toBe('segmented');
    expect(view.rules[0]).toEqual({
      number: 1,
      line: lab.gateway.policy.rules[0]?.line,
      from: 'pump-network',
      to: 'clinical-servers',
      service: 'mqtt',
      verdict: 'allow',
      why: expect.any(String),
    });
    expect(view.rules.map((rule) => rule.number)).toEqual(view.rules.map((_, index) => index + 1));
    expect(view.warnings).toEqual([]);
  });
});

describe('PUT /api/v1/policy', () => {
  it('switches to flat: a connection segmented refused now goes through, logged with the flat rule', async () => {
    expect(await lab.connect(laptop, 'pump-maintenance')).toBe('refused');
    const flat = await lab.request('PUT', '/api/v1/policy', { name: 'flat' });
    expect(flat.status).toBe(200);
    expect(flat.json<PolicyView>()).toMatchObject({ name: 'flat', rules: [{ number: 1, from: '*' }] });
    expect(lab.gateway.policy.name).toBe('flat');
    expect(await lab.connect(laptop, 'pump-maintenance')).toBe('echo');
    expect(await lastDecision()).toMatchObject({
      fromAddress: laptop,
      service: 'pump-maintenance',
      verdict: 'allow',
      rule: { policy: 'flat', number: 1, line: lab.gateway.policy.rules[0]?.line },
    });
    await lab.request('PUT', '/api/v1/policy', { name: 'segmented' });
    expect(await lab.connect(laptop, 'pump-maintenance')).toBe('refused');
  });

  it('takes a policy file as YAML text, checked against the topology', async () => {
    const reply = await lab.request('PUT', '/api/v1/policy', { yaml: trainerPolicy });
    expect(reply.json<PolicyView>().rules.map((rule) => [rule.number, rule.line])).toEqual([
      [1, 4],
      [2, 9],
    ]);
    expect(await lab.connect(laptop, 'pump-maintenance')).toBe('echo');
    expect(await lastDecision()).toMatchObject({ rule: { policy: 'trainer', number: 2, line: 9 } });
    await lab.request('PUT', '/api/v1/policy', { name: 'segmented' });
  });

  it('answers an invalid policy with 422 and each problem at its line, and keeps the policy in force', async () => {
    const broken = trainerPolicy.replace('to: pump-network', 'to: pump-net');
    const reply = await lab.request('PUT', '/api/v1/policy', { yaml: broken });
    expect(reply.status).toBe(422);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = reply.json<{
      code: string;
      type: string;
      status: number;
      details: { problems: string[] };
    }>();
    expect(problem).toMatchObject({
      code: 'GATEWAY_POLICY_INVALID',
      type: problemType('GATEWAY_POLICY_INVALID'),
      status: 422,
      instance: '/api/v1/policy',
    });
    expect(problem.details.problems).toEqual([
      expect.stringMatching(/^policy\.yaml:10:\d+ unknown zone 'pump-net'/),
    ]);
    expect(lab.gateway.policy.name).toBe('segmented');
    const syntax = await lab.request('PUT', '/api/v1/policy', { yaml: 'version: 1\nname: [oops\n' });
    expect(syntax.status).toBe(422);
    expect(syntax.json<typeof problem>().details.problems[0]).toMatch(/^policy\.yaml:\d+:\d+ /);
  });

  it('refuses a body that is neither one shipped policy name nor one policy text with 400', async () => {
    for (const body of [{ name: 'open' }, { name: 'flat', yaml: trainerPolicy }, {}, { yaml: '' }]) {
      const reply = await lab.request('PUT', '/api/v1/policy', body);
      expect(reply.json()).toMatchObject({ status: 400, code: 'INPUT_INVALID' });
    }
    expect(lab.gateway.policy.name).toBe('segmented');
  });
});

describe('GET /api/v1/topology', () => {
  it('lists zones, components and services with where each service runs', async () => {
    const view = (await lab.request('GET', '/api/v1/topology')).json<{
      zones: Record<string, unknown>[];
      components: Record<string, unknown>[];
      services: Record<string, unknown>[];
    }>();
    expect(view.zones.map((zone) => zone['name'])).toEqual(topology.zones.map((zone) => zone.name));
    expect(view.zones[0]).toEqual({
      name: 'pump-network',
      range: '127.10.0.0/16',
      gateway: '127.10.0.1',
      holds: expect.any(String),
    });
    expect(view.components).toHaveLength(topology.components.length);
    expect(view.services.find((service) => service['name'] === 'mqtt')).toMatchObject({
      port: 8883,
      component: 'pump-server',
      zone: 'clinical-servers',
      address: '127.20.0.10',
    });
  });
});
