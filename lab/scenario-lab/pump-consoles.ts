import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { LabNetwork } from '../network/lab-network.ts';

/** One pump's maintenance console, on the pump's own address in the pump network. */
export interface PumpConsole {
  serial: string;
  host: string;
  port: number;
}

/**
 * The maintenance consoles the lab opened as it started (ward-fleet.ts `openMaintenancePorts`), on
 * free ports. Asking a pump whose console runs to start it again binds nothing and answers the port
 * it holds; a pump whose firmware keeps no console is not asked, so none is opened here.
 */
export async function findPumpConsoles(fleet: Fleet, network: LabNetwork): Promise<PumpConsole[]> {
  if (network.kind !== 'zoned') return [];
  const consoles: PumpConsole[] = [];
  for (const [position, serial] of fleet.serials.entries()) {
    const pump = fleet.pump(serial);
    const host = network.pumpAddress(position + 1);
    if (!pump || host === undefined || pump.maintenanceStats === undefined) continue;
    const opened = await pump.startMaintenanceService({ host, port: 0 });
    if (opened) consoles.push({ serial, host, port: opened.port });
  }
  return consoles;
}
