import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../core/errors.ts';
import { loadTlsTrust } from '../../../pki/tls/tls-material.ts';
import type { InfusionOrder } from '../../../simulators/ehr/infusion-order.ts';
import type { Patient } from '../../../simulators/ehr/patient.ts';
import { MllpClient } from '../../../simulators/hl7/mllp/mllp-client.ts';
import { problemType } from '../../../simulators/http/problem.ts';
import { ehrPki, startEhrLab, type EhrLab, type Reply } from './ehr-lab.ts';
import { pcd01For } from './pcd-messages.ts';

let lab: EhrLab;

beforeAll(async () => {
  lab = await startEhrLab(ehrPki());
});
afterAll(async () => lab.close());

/** An RFC 9457 problem with the pumplab code, and no stack trace. */
function expectProblem(reply: Reply, status: number, code: ErrorCode): void {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.json()).toMatchObject({ type: problemType(code), status, code, detail: expect.any(String) });
  expect(reply.text).not.toMatch(/\bat .*\.ts:\d+|node_modules/);
}

describe('the EHR REST API', () => {
  it('lists the patients, filtered by admission and care area', async () => {
    const all = (await lab.request('GET', '/api/v1/patients')).json<{ items: Patient[] }>().items;
    expect(all.map((patient) => patient.mrn)).toEqual(lab.ehr.patients().map((patient) => patient.mrn));
    const mrn = all[0]?.mrn ?? '';
    await lab.ehr.admit(mrn);
    const admitted = await lab.request('GET', '/api/v1/patients?admitted=true');
    expect(admitted.json<{ items: Patient[] }>().items.map((patient) => patient.mrn)).toEqual([mrn]);
    const icu = (await lab.request('GET', '/api/v1/patients?careArea=icu')).json<{ items: Patient[] }>();
    expect(icu.items.every((patient) => patient.careArea === 'icu')).toBe(true);
    expect((await lab.request('GET', `/api/v1/patients/${mrn}`)).json()).toMatchObject({
      mrn,
      admitted: true,
    });
  });

  it('serves orders by patient and status, and one order', async () => {
    const [order] = lab.ehr.orders();
    if (!order) throw new Error('no orders');
    const reply = await lab.request('GET', `/api/v1/orders?mrn=${order.mrn}&status=active`);
    expect(reply.json<{ items: InfusionOrder[] }>().items).toEqual([order]);
    expect((await lab.request('GET', `/api/v1/orders/${order.orderId}`)).json()).toEqual(order);
  });

  it('moves an order to in-progress then completed, and refuses to reopen it', async () => {
    const order = lab.ehr.orders()[1];
    if (!order) throw new Error('no second order');
    const path = `/api/v1/orders/${order.orderId}`;
    const started = await lab.request('PATCH', path, { json: { status: 'in-progress' } });
    expect(started.json()).toMatchObject({ orderId: order.orderId, status: 'in-progress' });
    const again = await lab.request('PATCH', path, { json: { status: 'in-progress' } });
    expect(again.status).toBe(200);
    expect((await lab.request('PATCH', path, { json: { status: 'completed' } })).json()).toMatchObject({
      status: 'completed',
    });
    expectProblem(
      await lab.request('PATCH', path, { json: { status: 'in-progress' } }),
      409,
      'EHR_ORDER_TRANSITION_INVALID',
    );
    expectProblem(await lab.request('PATCH', path, { json: { status: 'active' } }), 400, 'INPUT_INVALID');
  });

  it('answers unknown patients, orders and routes as problem+json', async () => {
    expectProblem(await lab.request('GET', '/api/v1/patients/MRN000000'), 404, 'EHR_PATIENT_NOT_FOUND');
    expectProblem(await lab.request('GET', '/api/v1/patients/MRN000000/chart'), 404, 'EHR_PATIENT_NOT_FOUND');
    expectProblem(
      await lab.request('POST', '/api/v1/patients/MRN000000/admit'),
      404,
      'EHR_PATIENT_NOT_FOUND',
    );
    expectProblem(await lab.request('GET', '/api/v1/orders/ORD0'), 404, 'EHR_ORDER_NOT_FOUND');
    expectProblem(await lab.request('GET', '/api/v1/orders?status=lost'), 400, 'INPUT_INVALID');
    expectProblem(await lab.request('GET', '/api/v1/nowhere'), 404, 'REST_ROUTE_NOT_FOUND');
    expectProblem(await lab.request('DELETE', '/api/v1/orders/ORD5000'), 405, 'REST_METHOD_NOT_ALLOWED');
  });

  it('answers 409 for a discharge of a patient not admitted', async () => {
    const mrn = lab.ehr.patients({ admitted: false })[0]?.mrn ?? '';
    expectProblem(
      await lab.request('POST', `/api/v1/patients/${mrn}/discharge`),
      409,
      'EHR_PATIENT_NOT_ADMITTED',
    );
  });

  it('serves an OpenAPI document naming every route, PATCH included', async () => {
    const document = (await lab.request('GET', '/api/v1/openapi.json')).json<{
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(document.info.title).toBe('pumplab EHR API');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/patients',
        '/api/v1/patients/{mrn}',
        '/api/v1/patients/{mrn}/chart',
        '/api/v1/patients/{mrn}/admit',
        '/api/v1/patients/{mrn}/transfer',
        '/api/v1/patients/{mrn}/discharge',
        '/api/v1/orders',
        '/api/v1/orders/{orderId}',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/orders/{orderId}'] ?? {})).toEqual(['get', 'patch']);
  });

  it('refuses clients without a lab certificate, over REST and over HL7 (mutual TLS)', async () => {
    await expect(lab.request('GET', '/api/v1/patients', { client: false })).rejects.toThrow();
    const anonymous = new MllpClient({
      host: '127.0.0.1',
      port: lab.at.hl7.port,
      tls: { material: loadTlsTrust(lab.pki.dir), policy: { checkRevocation: true } },
      connectTimeoutMs: 5000,
    });
    const patient = lab.ehr.patients()[0];
    if (!patient) throw new Error('no patient');
    await expect(anonymous.send(pcd01For(patient, 'ANON1'))).rejects.toMatchObject({
      code: expect.stringMatching(/^MLLP_(TLS_HANDSHAKE_FAILED|CONNECTION_CLOSED)$/),
    });
    await anonymous.close();
    const chart = lab.ehr.chart(patient.mrn);
    expect(chart.observations.some((entry) => entry.controlId === 'ANON1')).toBe(false);
  });
});
