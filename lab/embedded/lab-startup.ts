import { ScaledClock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { seededRandom, type Random } from '../../core/random.ts';
import type { PlannedPump } from '../../simulators/fleet/fleet-plan.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import type { LabNetwork } from '../network/lab-network.ts';
import { describeNetwork, admissionAt } from '../network/network-description.ts';
import { watchSecurityFeeds } from '../network/security-feeds.ts';
import { startLabNetwork } from '../network/start-lab-network.ts';
import { startClinicalSystems, type ClinicalSystems } from './clinical-systems.ts';
import { seedClinicalWard } from './clinical-ward.ts';
import { freePort } from './free-port.ts';
import { chooseInfusingPumps } from './infusing-pumps.ts';
import { describeLab, urlHost } from './lab-description.ts';
import { labPorts, type EmbeddedLabOptions, type EmbeddedLabPorts, type LabParts } from './lab-options.ts';
import { rootCertificateFile } from './root-certificate.ts';
import { nextRun } from './run-counter.ts';

/**
 * A hospital's fleet is never all patched (ADVISORIES.md): by default a third of the ward runs each
 * of the legacy, interim and patched firmware.
 */
export const labFirmwareMix: Readonly<Record<string, number>> = { '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 };

/** The pumps' maintenance console port (telnet-like, ADVISORIES.md pattern 1). */
const maintenancePort = 2323;

/** What every startup step shares. */
interface StartContext {
  options: EmbeddedLabOptions;
  ports: Required<EmbeddedLabPorts>;
  /** Any port 0: every listener, the gateway's included, takes a free port. */
  freePorts: boolean;
  network: LabNetwork;
  clock: ScaledClock;
  random: Random;
  logger: Logger;
}

/**
 * Starts the network (the gateway and its monitor, for a zoned lab), the pump server, the fleet,
 * the EHR and the workstation, then gives the ward its infusions through the clinical workflow.
 * A failure closes, in reverse, what had started.
 * @throws PumplabError from any component (a missing identity, LAB_PORT_IN_USE, EHR_ADT_NOT_DELIVERED)
 */
export async function startLabParts(options: EmbeddedLabOptions): Promise<LabParts> {
  const ports = { ...labPorts, ...options.ports };
  const freePorts = Object.values(ports).some((port) => port === 0);
  const clock = new ScaledClock(options.clockSpeed);
  const logger = (options.logger ?? silentLogger).child({ component: 'embedded-lab' });
  const net = await startLabNetwork({
    stateDir: options.stateDir,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.zones ? { zones: options.zones } : {}),
    freePorts,
    apiPort: options.ports?.gatewayApi ?? (freePorts ? 0 : labPorts.gatewayApi),
    clock,
    logger,
  }).catch((error: unknown) => {
    throw portInUse(error, 'the gateway') ?? error;
  });
  const { network } = net;
  const context: StartContext = {
    options,
    ports,
    freePorts,
    network,
    clock,
    random: seededRandom(options.seed),
    logger,
  };
  const stack: (() => Promise<void>)[] = [() => net.close()];
  try {
    // The pump server reports to the EHR and the EHR sends ADT to the pump server: the EHR's HL7
    // port is chosen before either starts.
    const ehrHl7 = ports.ehrHl7 === 0 ? await freePort(network.bindingOf('ehr').host) : ports.ehrHl7;
    network.serviceBound('ehr-hl7', ehrHl7);
    const { server, addresses } = await startPumpServer(context);
    stack.unshift(() => server.close());
    const run = nextRun(options.stateDir);
    const fleet = await startFleet(context, run, admissionAt(net));
    stack.unshift(() => fleet.close());
    await openMaintenancePorts(context, fleet);
    const chosen = chooseInfusingPumps(fleet.plan, context.random.fork('ward'));
    const clinical = await startClinical(context, server, {
      patients: options.patients ?? Math.max(12, chosen.length * 2),
      run,
      ehrHl7,
    });
    stack.unshift(() => clinical.close());
    if (net.monitor) watchSecurityFeeds(net.monitor, server, clinical.ehr);
    const infusions = await seedClinicalWard(chosen, {
      server,
      ehr: clinical.ehr,
      pointOfCare: clinical.pointOfCare,
      library: sampleDrugLibrary,
      logger,
      bootOf: (serial) => fleet.pump(serial)?.boot,
    });
    const description = describeLab({
      addresses,
      ehr: clinical.addresses,
      network: describeNetwork(net),
      options,
      infusions,
      rootCertificate: rootCertificateFile(options.stateDir),
    });
    logger.info({ pumps: options.pumps, infusing: description.infusing }, 'embedded lab started');
    return { server, fleet, clinical, network: net, clock, infusions, description };
  } catch (error) {
    for (const close of stack) await close();
    throw error;
  }
}

async function startPumpServer(context: StartContext) {
  const { network, ports } = context;
  const ehr = network.reach('pump-server', 'ehr-hl7');
  const server = new PumpServer({
    stateDir: context.options.stateDir,
    clock: context.clock,
    logger: context.logger,
    random: context.random.fork('server'),
    hl7: { ehr },
  });
  const binding = network.bindingOf('pump-server');
  const listen = { ...binding, mqttPort: ports.mqtt, restPort: ports.rest, hl7Port: ports.hl7 };
  const addresses = await server.start(listen).catch((error: unknown) => {
    throw portInUse(error, binding.host) ?? error;
  });
  network.serviceBound('mqtt', addresses.mqtt.port);
  network.serviceBound('rest', addresses.rest.port);
  if (addresses.hl7) network.serviceBound('hl7', addresses.hl7.port);
  return { server, addresses };
}

/** Connects the ward's pumps to the server's broker, each from its own address in a zoned lab. */
function startFleet(
  context: StartContext,
  run: number,
  admission: { host: string; port: number } | undefined,
): Promise<Fleet> {
  const { options, network } = context;
  const broker = network.reach('pump', 'mqtt');
  const zoned = network.kind === 'zoned';
  return Fleet.start({
    stateDir: options.stateDir,
    brokerUrl: `mqtts://${urlHost(broker.host)}:${broker.port}`,
    servername: broker.servername,
    count: options.pumps,
    seed: options.seed,
    clock: context.clock,
    logger: context.logger,
    library: sampleDrugLibrary,
    firmwareMix: options.firmwareMix ?? labFirmwareMix,
    run,
    ...(zoned
      ? { pumpAddress: (_pump: PlannedPump, position: number) => network.pumpAddress(position + 1) ?? '' }
      : {}),
    ...(admission ? { admission } : {}),
  });
}

/**
 * In a zoned lab every pump whose firmware keeps a maintenance console opens it on its own address
 * (ADVISORIES.md pattern 1), reachable from its zone and through the gateway as policy allows.
 */
async function openMaintenancePorts(context: StartContext, fleet: Fleet): Promise<void> {
  const { network } = context;
  if (network.kind !== 'zoned') return;
  const { acceptFrom } = network.bindingOf('pump');
  const port = context.freePorts ? 0 : maintenancePort;
  let consoleBound = false;
  for (const [position, serial] of fleet.serials.entries()) {
    const host = network.pumpAddress(position + 1);
    const opened = host
      ? await fleet.pump(serial)?.startMaintenanceService({ host, port, acceptFrom })
      : undefined;
    // The gateway's console service leads to the first pump that keeps one.
    if (opened && !consoleBound) {
      consoleBound = true;
      network.serviceBound('pump-maintenance', opened.port, host);
    }
  }
}

/** The EHR and the point-of-care workstation, wired to the pump server through the network. */
function startClinical(
  context: StartContext,
  server: PumpServer,
  wiring: { patients: number; run: number; ehrHl7: number },
): Promise<ClinicalSystems> {
  const { network } = context;
  const ehr = network.bindingOf('ehr');
  return startClinicalSystems({
    stateDir: context.options.stateDir,
    ehrAt: ehr,
    ehrPorts: { hl7: wiring.ehrHl7, rest: context.ports.ehrRest },
    pumpServerHl7: network.reach('ehr', 'hl7'),
    pointOfCare: {
      pumpServerHl7: network.reach('poc-workstation', 'hl7'),
      ehrRest: (port) => {
        network.serviceBound('ehr-rest', port);
        return network.reach('poc-workstation', 'ehr-rest');
      },
    },
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
    throw portInUse(error, ehr.host) ?? error;
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
