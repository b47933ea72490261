import { z } from 'zod';
import type { FirmwareCatalog } from '../firmware-catalog.ts';
import { rolloutRequestSchema, type FirmwareRollouts } from '../firmware-rollouts.ts';
import { defineRoute, type BytesReply, type Route } from '../../http/route.ts';
import {
  firmwareListSchema,
  firmwareQuerySchema,
  firmwareSummarySchema,
  firmwareUploadSchema,
  rolloutListSchema,
  rolloutSchema,
  versionParam,
} from './schemas.ts';

const versionPath = z.object({ version: versionParam });

/** Firmware: upload and sign images, download them, roll a version out in waves. */
export function firmwareRoutes(catalog: FirmwareCatalog, rollouts: FirmwareRollouts): Route[] {
  return [
    listFirmware(catalog),
    uploadFirmware(catalog),
    listRollouts(rollouts),
    getRollout(rollouts),
    getFirmware(catalog),
    startRollout(rollouts),
  ];
}

/** GET /firmware */
function listFirmware(catalog: FirmwareCatalog): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/firmware',
    operationId: 'listFirmware',
    tag: 'firmware',
    summary: 'Every signed firmware version, lowest first',
    responses: [{ status: 200, description: 'The versions', schema: firmwareListSchema }],
    handle: () => ({ json: { items: catalog.list() } }),
  });
}

/** POST /firmware */
function uploadFirmware(catalog: FirmwareCatalog): Route {
  return defineRoute({
    method: 'post',
    path: '/api/v1/firmware',
    operationId: 'uploadFirmware',
    tag: 'firmware',
    summary:
      'Upload a PLFW/1 image (base64); the server checks it and signs it with its code-signing certificate',
    body: firmwareUploadSchema,
    responses: [{ status: 201, description: 'Checked and signed', schema: firmwareSummarySchema }],
    errors: [409],
    handle: ({ body }) => {
      const summary = catalog.add(body.version, Buffer.from(body.image, 'base64'));
      return { status: 201, json: summary, headers: { Location: `/api/v1/firmware/${summary.version}` } };
    },
  });
}

/** GET /firmware/rollouts */
function listRollouts(rollouts: FirmwareRollouts): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/firmware/rollouts',
    operationId: 'listRollouts',
    tag: 'firmware',
    summary: 'Every rollout since the server started',
    responses: [{ status: 200, description: 'The rollouts', schema: rolloutListSchema }],
    handle: () => ({ json: { items: rollouts.list() } }),
  });
}

/** GET /firmware/rollouts/{id} */
function getRollout(rollouts: FirmwareRollouts): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/firmware/rollouts/{id}',
    operationId: 'getRollout',
    tag: 'firmware',
    summary: "A rollout's state and every pump's status (pending, deferred, installed, rejected, timed-out)",
    params: z.object({ id: z.string().regex(/^rollout-[0-9a-f]{16}$/) }),
    responses: [{ status: 200, description: 'The rollout', schema: rolloutSchema }],
    errors: [404],
    handle: ({ params }) => ({ json: rollouts.get(params.id) }),
  });
}

/** GET /firmware/{version} */
function getFirmware(catalog: FirmwareCatalog): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/firmware/{version}',
    operationId: 'getFirmware',
    tag: 'firmware',
    summary: 'One version; with `part`, the signed image or its detached CMS signature (DER)',
    params: versionPath,
    query: firmwareQuerySchema,
    responses: [
      { status: 200, description: 'The version', schema: firmwareSummarySchema },
      { status: 200, description: 'part=image: the image', contentType: 'application/octet-stream' },
      {
        status: 200,
        description: 'part=signature: CMS SignedData, DER',
        contentType: 'application/pkcs7-signature',
      },
    ],
    errors: [404],
    handle: ({ params, query }) =>
      query.part === undefined
        ? { json: catalog.summary(params.version) }
        : download(catalog, params.version, query.part),
  });
}

/** POST /firmware/{version}/rollouts */
function startRollout(rollouts: FirmwareRollouts): Route {
  return defineRoute({
    method: 'post',
    path: '/api/v1/firmware/{version}/rollouts',
    operationId: 'startRollout',
    tag: 'firmware',
    summary: 'Roll the version out in waves, never interrupting a running infusion',
    description:
      'A busy (infusing, paused, KVO, programming, alarm) or offline pump is deferred and retried until ' +
      'the deadline. A wave whose failures exceed maxFailureRate halts the rollout.',
    params: versionPath,
    body: rolloutRequestSchema,
    responses: [{ status: 202, description: 'Started; poll the Location', schema: rolloutSchema }],
    errors: [404, 409],
    handle: async ({ params, body }) => {
      const rollout = await rollouts.start(params.version, body);
      return {
        status: 202,
        json: rollout,
        headers: { Location: `/api/v1/firmware/rollouts/${rollout.id}` },
      };
    },
  });
}

function download(catalog: FirmwareCatalog, version: string, part: 'image' | 'signature'): BytesReply {
  const release = catalog.release(version);
  const image = part === 'image';
  return {
    bytes: image ? release.content : release.signature,
    contentType: image ? 'application/octet-stream' : 'application/pkcs7-signature',
    headers: {
      'Content-Disposition': `attachment; filename="firmware-${version}.${image ? 'plfw' : 'plfw.p7s'}"`,
    },
  };
}
