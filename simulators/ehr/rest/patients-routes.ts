import { defineRoute, type Route } from '../../http/route.ts';
import type { Admissions } from '../admissions.ts';
import type { ChartStore } from '../chart-store.ts';
import { chartSchema } from '../chart.ts';
import { patientSchema } from '../patient.ts';
import type { Ward } from '../ward.ts';
import {
  admissionResultSchema,
  chartQuerySchema,
  mrnPath,
  patientListSchema,
  patientQuerySchema,
  transferRequestSchema,
} from './rest-schemas.ts';

/** What the patient routes read and change. */
export interface PatientRoutesDeps {
  ward: Ward;
  admissions: Admissions;
  chart: Pick<ChartStore, 'chart'>;
}

const phi = 'Carries patient identity (PHI): served over TLS only.';

/** The census, each patient's chart, and the ADT actions (admit, transfer, discharge). */
export function patientRoutes(deps: PatientRoutesDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/patients',
      operationId: 'listPatients',
      tag: 'patients',
      summary: 'The patients the EHR knows, by MRN, optionally only admitted ones or one care area',
      description: phi,
      query: patientQuerySchema,
      responses: [{ status: 200, description: 'The matching patients', schema: patientListSchema }],
      handle: ({ query }) => ({ json: { items: deps.ward.patients(query) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/patients/{mrn}',
      operationId: 'getPatient',
      tag: 'patients',
      summary: 'One patient: name, birth date, sex, weight, allergies, care area, bed, admission',
      description: phi,
      params: mrnPath,
      responses: [{ status: 200, description: 'The patient', schema: patientSchema }],
      errors: [404],
      handle: ({ params }) => ({ json: deps.ward.patient(params.mrn) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/patients/{mrn}/chart',
      operationId: 'getChart',
      tag: 'chart',
      summary: "The patient's infusion observations (PCD-01) and pump alarms (PCD-04)",
      description:
        'The most recent `limit` observations and alarms (default 1000 each), oldest first, and the ' +
        'latest volume delivered of every infusion charted.',
      params: mrnPath,
      query: chartQuerySchema,
      responses: [{ status: 200, description: 'The chart', schema: chartSchema }],
      errors: [404],
      handle: ({ params, query }) => {
        deps.ward.patient(params.mrn);
        return { json: deps.chart.chart(params.mrn, query.limit) };
      },
    }),
    adtRoute(
      'admit',
      'admitPatient',
      'Admit to the bed on record and send ADT^A01 to the pump server',
      (mrn) => deps.admissions.admit(mrn),
    ),
    adtRoute('discharge', 'dischargePatient', 'Discharge and send ADT^A03 to the pump server', (mrn) =>
      deps.admissions.discharge(mrn),
    ),
    defineRoute({
      method: 'post',
      path: '/api/v1/patients/{mrn}/transfer',
      operationId: 'transferPatient',
      tag: 'adt',
      summary: 'Move to another bed (and care area) and send ADT^A02 to the pump server',
      description: adtDescription,
      params: mrnPath,
      body: transferRequestSchema,
      responses: [{ status: 200, description: 'The patient, moved', schema: admissionResultSchema }],
      errors: [404, 409, 502],
      handle: async ({ params, body }) => {
        const { careArea, ...location } = body;
        const target = careArea === undefined ? { location } : { location, careArea };
        return { json: await deps.admissions.transfer(params.mrn, target) };
      },
    }),
  ];
}

const adtDescription =
  'The change is kept only when the pump server accepts the ADT message (AA or CA); otherwise the ' +
  'answer is 502 EHR_ADT_NOT_DELIVERED and nothing changed.';

function adtRoute(
  action: string,
  operationId: string,
  summary: string,
  act: (mrn: string) => Promise<unknown>,
): Route {
  return defineRoute({
    method: 'post',
    path: `/api/v1/patients/{mrn}/${action}`,
    operationId,
    tag: 'adt',
    summary,
    description: adtDescription,
    params: mrnPath,
    responses: [
      { status: 200, description: 'The patient, and the ADT delivery', schema: admissionResultSchema },
    ],
    errors: [404, 409, 502],
    handle: async ({ params }) => ({ json: await act(params.mrn) }),
  });
}
