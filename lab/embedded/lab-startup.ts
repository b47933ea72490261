import { ScaledClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { seededRandom } from '../../core/random.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { describeNetwork } from '../network/network-description.ts';
import { watchSecurityFeeds } from '../network/security-feeds.ts';
import type { LabComponent } from '../network/lab-network.ts';
import { startLabNetwork, type LabNetworkParts } from '../network/start-lab-network.ts';
import { startClinicalSystems, type ClinicalSystems } from './clinical-systems.ts';
import { seedClinicalWard } from './clinical-ward.ts';
import { freePort } from './free-port.ts';
import { chooseInfusingPumps } from './infusing-pumps.ts';
import { describeLab } from './lab-description.ts';
import { labPorts, type EmbeddedLabOptions, type LabParts } from './lab-options.ts';
import { ehrSecurity, networkSecurity, serverLimits, serverSecurity } from './lab-security.ts';
import { rootCertificateFile } from './root-certificate.ts';
import { nextRun } from './run-counter.ts';
import { portInUse, type StartContext } from './start-context.ts';
import { bindConsoleService, openMaintenancePorts } from './pump-consoles.ts';
import { startFleet } from './ward-fleet.ts';

/**
 * Starts the network (the gateway and its monitor, for a zoned lab), the pump server, the fleet,
 * the EHR and the workstation, then gives the ward its infusions through the clinical workflow.
 * A failure closes, in reverse, what had started.
 * @throws PumplabError from any component (a missing identity, LAB_PORT_IN_USE, EHR_ADT_NOT_DELIVERED)
 */
export async function startLabParts(options: EmbeddedLabOptions): Promise<LabParts> {
  const ports = { ...labPorts, ...options.ports };
  const freePorts = Object.values(ports).some((port) => port === 0);
  const clock = options.clock ?? new ScaledClock(options.clockSpeed);
  const logger = (options.logger ?? silentLogger).child({ component: 'embedded-lab' });
  const net = await startLabNetwork({
    stateDir: options.stateDir,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.zones ? { zones: options.zones } : {}),
    freePorts,
    apiPort: options.ports?.gatewayApi ?? (freePorts ? 0 : labPorts.gatewayApi),
    ...networkSecurity(options.security),
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
    // The pump server reports to the EHR and the EHR sends ADT to the pump server. Through the
    // gateway, which looks the EHR up at each connection, the EHR takes a free port as it starts
    // (no port picked ahead that a lab beside this one could take); reached directly, the port is
    // chosen before either starts.
    const pickAhead = ports.ehrHl7 === 0 && !throughGateway(net, 'pump-server', 'ehr-hl7');
    const ehrHl7 = pickAhead ? await freePort(network.bindingOf('ehr').host) : ports.ehrHl7;
    if (ehrHl7 !== 0) network.serviceBound('ehr-hl7', ehrHl7);
    const { server, addresses } = await startPumpServer(context);
    stack.unshift(() => server.close());
    const run = nextRun(options.stateDir);
    const fleet = await startFleet(context, run, net.admissionEndpoint);
    stack.unshift(() => fleet.close());
    const consoles = await openMaintenancePorts(context, fleet);
    const chosen = chooseInfusingPumps(fleet.plan, context.random.fork('ward'), options.infusing);
    const clinical = await startClinical(context, server, {
      patients: options.patients ?? Math.max(12, chosen.length * 2),
      run,
      ehrHl7,
    });
    stack.unshift(() => clinical.close());
    network.serviceBound('ehr-hl7', clinical.addresses.hl7.port);
    if (net.monitor) watchSecurityFeeds(net.monitor, server, clinical.ehr);
    const infusions = await seedClinicalWard(chosen, {
      server,
      ehr: clinical.ehr,
      pointOfCare: clinical.pointOfCare,
      library: sampleDrugLibrary,
      logger,
      bootOf: (serial) => fleet.pump(serial)?.boot,
    });
    const infusing = infusions.filter((infusion) => infusion.outcome === 'accepted');
    bindConsoleService(context, consoles, fleet, new Set(infusing.map((infusion) => infusion.serial)));
    const description = describeLab({
      addresses,
      ehr: clinical.addresses,
      network: describeNetwork(net),
      options,
      infusions,
      rootCertificate: rootCertificateFile(options.stateDir),
    });
    logger.info({ pumps: options.pumps, infusing: description.infusing }, 'embedded lab started');
    return { server, fleet, clinical, network: net, clock, infusions, description, consoles };
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
    ...serverSecurity(context.options.security),
    ...serverLimits(context.options.pumps),
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
    security: ehrSecurity(context.options.security),
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
    windowMs: rightTimeWindowMs(Math.max(context.options.clockSpeed, context.clock.speed)),
    // The nurse confirms at the pump (IHE PCD-03): the pump server starts the held program.
    onConfirm: async (infusion) => {
      await server.hl7?.orders.confirmStart(infusion.orderId);
    },
    logger: context.logger,
  }).catch((error: unknown) => {
    throw portInUse(error, ehr.host) ?? error;
  });
}

/** Whether `from` reaches `service` through the gateway (a zoned lab, the service in another zone). */
function throughGateway(net: LabNetworkParts, from: LabComponent, service: string): boolean {
  const zoneOf = net.topology.components.find((component) => component.name === from)?.zone;
  return net.gateway !== undefined && net.topology.service(service)?.zone !== zoneOf;
}

/**
 * The five rights' "right time" (±30 min of the due time) in lab time; on a fast clock at least two
 * real minutes, so seeding a large ward does not run the seeded orders out of their window.
 */
const rightTimeWindowMs = (clockSpeed: number): number => Math.max(30 * 60_000, clockSpeed * 120_000);
