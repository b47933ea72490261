import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CertificateRecord } from '../../pki/certificate-record.ts';
import { roles } from '../../pki/profiles.ts';
import { EmbeddedLab, labPorts } from '../embedded/embedded-lab.ts';
import { gatewayApiPort } from '../network/start-lab-network.ts';
import { ensureLabPki, type LabPkiSummary } from '../setup/ensure-lab-pki.ts';
import { maxPumps } from '../setup/lab-identities.ts';
import { describeRunningLab } from './describe-lab.ts';
import { emit, formatTable, progress } from './output.ts';
import { cliAction, cliLogger, firmwareMix, stateOptionsSchema, withStateOptions } from './shared-options.ts';
import { untilInterrupted } from './until-interrupted.ts';

const port = z.coerce.number().int().min(0).max(65_535);
const upOptions = stateOptionsSchema.extend({
  pumps: z.coerce.number().int().min(0).max(maxPumps),
  seed: z.string().min(1),
  clockSpeed: z.coerce.number().positive().max(3600),
  mqttPort: port,
  restPort: port,
  hl7Port: port,
  ehrHl7Port: port,
  ehrRestPort: port,
  gatewayApiPort: port,
  policy: z.string().min(1),
  topology: z.string().min(1).optional(),
  admission: z.boolean().default(false),
  host: z.string().min(1).optional(),
  firmware: z.string().optional(),
});

interface RoleRow {
  role: string;
  issuer: string;
  names: string[];
  created: number;
}

/** A long list of names as its first and last: `pump-PL00001 … pump-PL10000`. */
const compactNames = (names: string[]): string =>
  names.length <= 4 ? names.join(', ') : `${names[0] ?? ''} … ${names.at(-1) ?? ''}`;

/** Current certificates grouped by role, in the hierarchy's order, with how many this run made. */
function roleRows(summary: LabPkiSummary): RoleRow[] {
  const issued = new Set(summary.issued);
  const current = summary.certificates.filter((record) => record.status === 'valid');
  return roles.flatMap((role) => {
    const ofRole = current.filter((record: CertificateRecord) => record.role === role);
    if (ofRole.length === 0) return [];
    const names = ofRole.map((record) => record.name);
    const issuers = [...new Set(ofRole.map((record) => record.issuer ?? '-'))];
    return [
      { role, issuer: issuers.join(', '), names, created: names.filter((name) => issued.has(name)).length },
    ];
  });
}

function describe(summary: LabPkiSummary): string {
  const table = formatTable(roleRows(summary), [
    { header: 'ROLE', value: (row) => row.role },
    { header: 'ISSUER', value: (row) => row.issuer },
    { header: 'COUNT', value: (row) => String(row.names.length) },
    { header: 'NEW', value: (row) => String(row.created) },
    { header: 'NAMES', value: (row) => compactNames(row.names) },
  ]);
  const headline = summary.created
    ? `created the lab PKI in ${summary.dir}`
    : `the lab PKI in ${summary.dir} exists; issued ${summary.issued.length} missing identities`;
  return `${headline}\n\n${table}\n\nList certificates with: pumplab pki list`;
}

/** The PKI part of `up`'s output, as before the lab ran. */
const pkiJson = (summary: LabPkiSummary) => ({
  dir: summary.dir,
  created: summary.created,
  issued: summary.issued,
  roles: roleRows(summary),
});

/**
 * `pumplab up`: makes sure the lab's PKI holds every identity it needs (the standard ones and
 * `--pumps` device identities), then runs the embedded lab, the pump server (MQTT, REST, HL7), a
 * ward of pumps, the EHR and the point-of-care workstation, until Ctrl-C or SIGTERM; then closes everything and exits 0.
 */
export function registerUp(program: Command): void {
  withStateOptions(
    program
      .command('up')
      .description('start the lab: its PKI, the pump server, a ward of pumps, the EHR and the point-of-care'),
  )
    .option('--pumps <count>', 'how many pumps the ward has', '12')
    .option('--seed <seed>', 'same seed, same ward and infusions', 'pumplab')
    .option('--clock-speed <x>', 'lab time runs this many times faster than real time', '1')
    .option('--mqtt-port <port>', 'the pump server MQTT port (0: any free port)', String(labPorts.mqtt))
    .option('--rest-port <port>', 'the pump server REST port (0: any free port)', String(labPorts.rest))
    .option('--hl7-port <port>', 'the pump server HL7 (MLLP/TLS) port', String(labPorts.hl7))
    .option('--ehr-hl7-port <port>', 'the EHR HL7 (MLLP/TLS) port', String(labPorts.ehrHl7))
    .option('--ehr-rest-port <port>', 'the EHR REST (HTTPS) port', String(labPorts.ehrRest))
    .option(
      '--gateway-api-port <port>',
      "the gateway's REST API and event stream on 127.0.0.1",
      String(gatewayApiPort),
    )
    .option('--policy <policy>', 'the zone policy: flat, segmented, or a policy file', 'segmented')
    .option('--topology <file>', 'a topology file (default: the seven zones of SP 1800-8)')
    .option('--admission', 'pumps join the pump network only once the gateway admits their certificate')
    .option('--host <address>', 'every component on this one host, with no zones or gateway (a container)')
    .option('--firmware <mix>', 'firmware versions with weights, e.g. 2.4.0:1,3.1.0:1,4.2.1:1')
    .action(
      cliAction(upOptions, async (options) => {
        // Listen first: a Ctrl-C while the lab starts closes it once started, never half-way.
        const interrupted = untilInterrupted();
        const logger = cliLogger();
        const summary = ensureLabPki(options.dir, {
          pumps: options.pumps,
          logger,
          onProgress: (issued, missing) => progress(`issued ${issued}/${missing} identities`),
        });
        progress(`starting the pump server, ${options.pumps} pumps, the EHR and the point-of-care`);
        const lab = await EmbeddedLab.start({
          stateDir: path.resolve(options.dir),
          pumps: options.pumps,
          seed: options.seed,
          clockSpeed: options.clockSpeed,
          ports: {
            mqtt: options.mqttPort,
            rest: options.restPort,
            hl7: options.hl7Port,
            ehrHl7: options.ehrHl7Port,
            ehrRest: options.ehrRestPort,
            gatewayApi: options.gatewayApiPort,
          },
          ...(options.host === undefined ? {} : { host: options.host }),
          zones: {
            policy: options.policy,
            admission: options.admission,
            ...(options.topology === undefined ? {} : { topologyFile: path.resolve(options.topology) }),
          },
          ...(options.firmware ? { firmwareMix: firmwareMix(options.firmware) } : {}),
          logger,
        });
        emit(
          options,
          { pki: pkiJson(summary), lab: lab.description },
          () => `${describe(summary)}\n\n${describeRunningLab(lab.description)}`,
        );
        const signal = await interrupted;
        progress(`${signal}: stopping the lab`);
        await lab.close();
        progress('the lab stopped');
      }),
    );
}
