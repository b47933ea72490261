import { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PlannedPump } from '../../simulators/fleet/fleet-plan.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import { urlHost } from './lab-description.ts';
import { fleetSecurity } from './lab-security.ts';
import type { StartContext } from './start-context.ts';

/**
 * A hospital's fleet is never all patched (ADVISORIES.md): by default a third of the ward runs each
 * of the legacy, interim and patched firmware.
 */
export const labFirmwareMix: Readonly<Record<string, number>> = { '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 };

/** The pumps' maintenance console port (telnet-like, ADVISORIES.md pattern 1). */
const maintenancePort = 2323;

/**
 * Connects the ward's pumps to the server's broker, each from its own address in a zoned lab, with
 * the pump controls of `security` (signature checks, sealed stores, unique console logins).
 */
export function startFleet(
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
    ...fleetSecurity(options.security, options.seed),
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
export async function openMaintenancePorts(context: StartContext, fleet: Fleet): Promise<void> {
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
