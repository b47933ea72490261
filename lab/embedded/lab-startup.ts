import { ScaledClock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { seededRandom, type Random } from '../../core/random.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { startClinicalSystems, type ClinicalSystems } from './clinical-systems.ts';
import { seedClinicalWard } from './clinical-ward.ts';
import { freePort } from './free-port.ts';
import { chooseInfusingPumps } from './infusing-pumps.ts';
import { describeLab, reachableHost, urlHost } from './lab-description.ts';
import { labPorts, type EmbeddedLabOptions, type EmbeddedLabPorts, type LabParts } from './lab-options.ts';
import { rootCertificateFile } from './root-certificate.ts';
import { nextRun } from './run-counter.ts';

/** The pump server's certificate names `pump-server`; pumps check it under that name off loopback. */
const serverName = 'pump-server';
const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/** What every startup step shares. */
interface StartContext {
  options: EmbeddedLabOptions;
  host: string;
  ports: Required<EmbeddedLabPorts>;
  clock: ScaledClock;
  random: Random;
  logger: Logger;
}

/**
 * Starts the pump server, the fleet, the EHR and the workstation, then gives the ward its
 * infusions through the clinical workflow. A failure closes, in reverse, what had started.
 * @throws PumplabError from any component (a missing identity, LAB_PORT_IN_USE, EHR_ADT_NOT_DELIVERED)
 */
export async function startLabParts(options: EmbeddedLabOptions): Promise<LabParts> {
  const context: StartContext = {
    options,
    host: options.host ?? '127.0.0.1',
    ports: { ...labPorts, ...options.ports },
    clock: new ScaledClock(options.clockSpeed),
    random: seededRandom(options.seed),
    logger: (options.logger ?? silentLogger).child({ component: 'embedded-lab' }),
  };
  // The pump server reports to the EHR and the EHR sends ADT to the pump server: one port is chosen
  // before either starts.
  const ehrHl7 = context.ports.ehrHl7 === 0 ? await freePort(context.host) : context.ports.ehrHl7;
  const { server, addresses } = await startPumpServer(context, ehrHl7);
  const stack: (() => Promise<void>)[] = [() => server.close()];
  try {
    const run = nextRun(options.stateDir);
    const fleet = await startFleet(context, addresses.mqtt, run);
    stack.unshift(() => fleet.close());
    const chosen = chooseInfusingPumps(fleet.plan, context.random.fork('ward'));
    const clinical = await startClinical(context, server, {
      ehrHl7,
      pumpServerHl7: addresses.hl7?.port ?? 0,
      patients: options.patients ?? Math.max(12, chosen.length * 2),
      run,
    });
    stack.unshift(() => clinical.close());
    const infusions = await seedClinicalWard(chosen, {
      server,
      ehr: clinical.ehr,
      pointOfCare: clinical.pointOfCare,
      library: sampleDrugLibrary,
      logger: context.logger,
      bootOf: (serial) => fleet.pump(serial)?.boot,
    });
    const description = describeLab({
      host: context.host,
      addresses,
      ehr: clinical.addresses,
      options,
      infusions,
      rootCertificate: rootCertificateFile(options.stateDir),
    });
    context.logger.info({ pumps: options.pumps, infusing: description.infusing }, 'embedded lab started');
    return { server, fleet, clinical, clock: context.clock, infusions, description };
  } catch (error) {
    for (const close of stack) await close();
    throw error;
  }
}

async function startPumpServer(context: StartContext, ehrHl7: number) {
  const server = new PumpServer({
    stateDir: context.options.stateDir,
    clock: context.clock,
    logger: context.logger,
    random: context.random.fork('server'),
    hl7: { ehr: { host: reachableHost(context.host), port: ehrHl7 } },
  });
  const { ports, host } = context;
  const addresses = await server
    .start({ host, mqttPort: ports.mqtt, restPort: ports.rest, hl7Port: ports.hl7 })
    .catch((error: unknown) => {
      throw portInUse(error, host) ?? error;
    });
  return { server, addresses };
}

/** Connects the ward's pumps to the server's broker. */
function startFleet(
  context: StartContext,
  mqtt: { protocol: string; port: number },
  run: number,
): Promise<Fleet> {
  const { options, host } = context;
  return Fleet.start({
    stateDir: options.stateDir,
    brokerUrl: `${mqtt.protocol}://${urlHost(host)}:${mqtt.port}`,
    count: options.pumps,
    seed: options.seed,
    clock: context.clock,
    logger: context.logger,
    library: sampleDrugLibrary,
    run,
    ...(loopback.has(reachableHost(host)) ? {} : { servername: serverName }),
  });
}

/** The EHR and the point-of-care workstation, wired to the pump server. */
function startClinical(
  context: StartContext,
  server: PumpServer,
  wiring: { ehrHl7: number; pumpServerHl7: number; patients: number; run: number },
): Promise<ClinicalSystems> {
  return startClinicalSystems({
    stateDir: context.options.stateDir,
    host: context.host,
    ehrPorts: { hl7: wiring.ehrHl7, rest: context.ports.ehrRest },
    pumpServerHl7: { host: reachableHost(context.host), port: wiring.pumpServerHl7 },
    library: sampleDrugLibrary,
    patients: wiring.patients,
    seed: context.random.fork('ehr').int(1, 2 ** 31 - 1),
    // Each run of a state directory gets new order ids: the stores outlive runs.
    orderPrefix: `ORD-R${wiring.run}-`,
    clock: context.clock,
    windowMs: rightTimeWindowMs(context.options.clockSpeed),
    // The nurse confirms at the pump (IHE PCD-03): the pump server starts the held program.
    onConfirm: async (infusion) => {
      await server.hl7?.orders.confirmStart(infusion.orderId);
    },
    logger: context.logger,
  }).catch((error: unknown) => {
    throw portInUse(error, context.host) ?? error;
  });
}

/**
 * The five rights' "right time" (±30 min of the due time) in lab time; on a fast clock at least two
 * real minutes, so seeding a large ward does not run the seeded orders out of their window.
 */
const rightTimeWindowMs = (clockSpeed: number): number => Math.max(30 * 60_000, clockSpeed * 120_000);

/** A listen error on a port in use, as the catalogue's LAB_PORT_IN_USE; undefined for any other. */
function portInUse(error: unknown, host: string): PumplabError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  return new PumplabError(
    'LAB_PORT_IN_USE',
    `Port ${String(port)} on ${host} is in use.`,
    { host, port },
    { cause: error },
  );
}
