import net from 'node:net';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import { compareVersions } from '../../simulators/pump/firmware-catalog.ts';
import type { PumpConsolePort } from './lab-options.ts';
import type { StartContext } from './start-context.ts';

/** The pumps' maintenance console port (telnet-like, ADVISORIES.md pattern 1). */
const maintenancePort = 2323;

/**
 * In a zoned lab every pump whose firmware keeps a maintenance console opens it on its own address
 * (ADVISORIES.md pattern 1), reachable from its zone and through the gateway as policy allows; a
 * pump without one leaves its port closed, and refuses.
 */
export async function openMaintenancePorts(context: StartContext, fleet: Fleet): Promise<PumpConsolePort[]> {
  const { network } = context;
  if (network.kind !== 'zoned') return [];
  const { acceptFrom } = network.bindingOf('pump');
  const port = context.freePorts ? 0 : maintenancePort;
  const consoles: PumpConsolePort[] = [];
  for (const [position, serial] of fleet.serials.entries()) {
    const host = network.pumpAddress(position + 1);
    const pump = fleet.pump(serial);
    if (!host || !pump) continue;
    const opened = await pump.startMaintenanceService({ host, port, acceptFrom });
    consoles.push(
      opened
        ? { serial, host, port: opened.port, open: true }
        : { serial, host, port: port || (await closedPort(host)), open: false },
    );
  }
  return consoles;
}

/**
 * The gateway's one console service stands for the ward's consoles (a flat network reaches them
 * all): it leads to the console most worth reaching, an open one on a pump at a bedside, oldest
 * firmware first; else any open one; else the first pump's closed port.
 */
export function bindConsoleService(
  context: StartContext,
  consoles: readonly PumpConsolePort[],
  fleet: Fleet,
  infusing: ReadonlySet<string>,
): void {
  const firmwareOf = (serial: string): string => fleet.pump(serial)?.identity.firmware ?? '';
  const open = consoles
    .filter((entry) => entry.open)
    .sort(
      (a, b) =>
        Number(infusing.has(b.serial)) - Number(infusing.has(a.serial)) ||
        compareVersions(firmwareOf(a.serial), firmwareOf(b.serial)),
    );
  const leads = open[0] ?? consoles[0];
  if (leads) context.network.serviceBound('pump-maintenance', leads.port, leads.host);
}

/** A port on `host` that nothing listens on: bound by the system, then released. */
function closedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
