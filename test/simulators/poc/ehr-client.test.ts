import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EhrClient } from '../../../simulators/poc/ehr-client.ts';
import { heparinOrder, patient } from './poc-fixtures.ts';
import { codeOf, startPocHarness, type PocHarness } from './poc-harness.ts';

let lab: PocHarness;
let client: EhrClient;

beforeAll(async () => {
  lab = await startPocHarness();
  client = new EhrClient({
    baseUrl: `https://127.0.0.1:${lab.ehr.port}`,
    tls: { material: lab.pki.poc, policy: { checkRevocation: false } },
  });
});
beforeEach(() => lab.reset());
afterAll(async () => {
  client?.close();
  await lab?.close();
});

describe('the EHR client', () => {
  it('reads a patient and an order as the EHR schemas describe them', async () => {
    expect(await client.getPatient(patient.mrn)).toEqual(patient);
    expect(await client.getOrder('ORD5000')).toEqual(heparinOrder);
  });

  it('lists orders by patient and status', async () => {
    expect((await client.listOrders({ mrn: patient.mrn, status: 'active' })).map((o) => o.orderId)).toEqual([
      'ORD5000',
      'ORD5001',
      'ORD5002',
    ]);
    expect(await client.listOrders({ mrn: 'MRN100011' })).toEqual([]);
    expect(lab.ehr.calls).toEqual(['GET orders', 'GET orders']);
  });

  it('sets an order status and returns the order as it now is', async () => {
    expect((await client.updateOrderStatus('ORD5001', 'in-progress')).status).toBe('in-progress');
    expect(lab.patches()).toEqual(['PATCH ORD5001 in-progress']);
  });

  it('names each failure with its own code', async () => {
    expect(await codeOf(client.getOrder('ORD9999'))).toBe('POC_EHR_NOT_FOUND');
    expect(await codeOf(client.getPatient('MRN999999'))).toBe('POC_EHR_RESPONSE_INVALID');
    lab.ehr.orders.get('ORD5002')!.status = 'discontinued';
    expect(await codeOf(client.updateOrderStatus('ORD5002', 'in-progress'))).toBe('POC_EHR_REFUSED');
    const down = new EhrClient({
      baseUrl: 'https://127.0.0.1:1',
      tls: { material: lab.pki.poc, policy: { checkRevocation: false } },
    });
    expect(await codeOf(down.getOrder('ORD5000'))).toBe('POC_EHR_UNAVAILABLE');
    down.close();
  });

  it('keeps the EHR problem code but no patient identifier in its errors', async () => {
    const failure = await client.getPatient('MRN100011').catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'POC_EHR_NOT_FOUND',
      details: { ehrCode: 'EHR_NOT_FOUND', status: 404 },
    });
    expect(JSON.stringify(failure)).not.toContain('MRN100011');
    expect((failure as Error).message).not.toContain('MRN100011');
  });
});
