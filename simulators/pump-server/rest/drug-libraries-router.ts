import { z } from 'zod';
import { drugLibrarySchema } from '../../contract/drug-library.ts';
import type { DrugLibraryService } from '../drug-library-service.ts';
import { defineRoute, type BytesReply, type Route } from '../../http/route.ts';
import {
  distributionRequestSchema,
  distributionSchema,
  libraryDetailSchema,
  libraryListSchema,
  libraryQuerySchema,
  librarySummarySchema,
  versionParam,
} from './schemas.ts';

const versionPath = z.object({ version: versionParam });

/** Drug libraries: create and sign, list, download the signed bytes, distribute to a care area. */
export function drugLibraryRoutes(libraries: DrugLibraryService): Route[] {
  return [
    listLibraries(libraries),
    createLibrary(libraries),
    getLibrary(libraries),
    distributeLibrary(libraries),
  ];
}

/** GET /drug-libraries */
function listLibraries(libraries: DrugLibraryService): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/drug-libraries',
    operationId: 'listDrugLibraries',
    tag: 'drug-libraries',
    summary: 'Every signed drug library version, lowest first',
    responses: [{ status: 200, description: 'The versions', schema: libraryListSchema }],
    handle: () => ({ json: { items: libraries.list() } }),
  });
}

/** POST /drug-libraries */
function createLibrary(libraries: DrugLibraryService): Route {
  return defineRoute({
    method: 'post',
    path: '/api/v1/drug-libraries',
    operationId: 'createDrugLibrary',
    tag: 'drug-libraries',
    summary: "Create a library version and sign it with the server's code-signing certificate",
    description: 'The body is the library (format pumplab.drug-library/1). A version is immutable.',
    body: drugLibrarySchema,
    responses: [{ status: 201, description: 'Created and signed', schema: librarySummarySchema }],
    errors: [409],
    handle: ({ body }) => {
      const summary = libraries.create(body);
      return {
        status: 201,
        json: summary,
        headers: { Location: `/api/v1/drug-libraries/${summary.version}` },
      };
    },
  });
}

/** GET /drug-libraries/{version} */
function getLibrary(libraries: DrugLibraryService): Route {
  return defineRoute({
    method: 'get',
    path: '/api/v1/drug-libraries/{version}',
    operationId: 'getDrugLibrary',
    tag: 'drug-libraries',
    summary: 'One version; with `part`, the exact signed bytes or the detached CMS signature (DER)',
    params: versionPath,
    query: libraryQuerySchema,
    responses: [
      {
        status: 200,
        description: 'The version, pumps running it, distributions',
        schema: libraryDetailSchema,
      },
      {
        status: 200,
        description: 'part=library: the exact signed bytes',
        contentType: 'application/json',
        schema: drugLibrarySchema,
      },
      {
        status: 200,
        description: 'part=signature: CMS SignedData, DER',
        contentType: 'application/pkcs7-signature',
      },
    ],
    errors: [404],
    handle: async ({ params, query }) => {
      const { version } = params;
      if (query.part !== undefined) return download(libraries, version, query.part);
      const pumps = (await libraries.installed()).filter((pump) => pump.libraryVersion === version);
      return {
        json: {
          ...libraries.summary(version),
          pumps: pumps.map((pump) => pump.serial),
          distributions: libraries.distributions(version),
        },
      };
    },
  });
}

/** POST /drug-libraries/{version}/distributions */
function distributeLibrary(libraries: DrugLibraryService): Route {
  return defineRoute({
    method: 'post',
    path: '/api/v1/drug-libraries/{version}/distributions',
    operationId: 'distributeDrugLibrary',
    tag: 'drug-libraries',
    summary: 'Send the version to every pump in a care area and record each outcome',
    description: 'Answers when every pump has accepted, rejected or timed out.',
    params: versionPath,
    body: distributionRequestSchema,
    responses: [{ status: 201, description: 'Per-pump outcomes', schema: distributionSchema }],
    errors: [404, 409, 422],
    handle: async ({ params, body }) => ({
      status: 201,
      json: await libraries.distribute(params.version, body.careArea),
    }),
  });
}

function download(libraries: DrugLibraryService, version: string, part: 'library' | 'signature'): BytesReply {
  const release = libraries.release(version);
  const library = part === 'library';
  return {
    bytes: library ? release.content : release.signature,
    // RFC 8551 3.2.1: a detached signature is application/pkcs7-signature, file extension .p7s.
    contentType: library ? 'application/json' : 'application/pkcs7-signature',
    headers: {
      'Content-Disposition': `attachment; filename="drug-library-${version}.${library ? 'json' : 'json.p7s'}"`,
    },
  };
}
