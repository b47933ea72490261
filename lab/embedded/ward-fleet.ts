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
