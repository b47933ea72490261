/**
 * Where each benchmark pump speaks from: its own address in the pump network (127.10.0.0/16 in the
 * default topology), so the gateway sees one source per pump as it would on a ward's VLAN, and its
 * per-source connection limit never merges two pumps. Linux routes all of 127.0.0.0/8 to `lo`, so
 * no address needs setting up. Row 0 (127.10.0.x, where the gateway and the `pump` component
 * live) is left out, and so are host parts .0 and .255 of each row.
 */
import { PumplabError } from '../../core/errors.ts';

/** Addresses per row of the /16: .1 to .250. */
const perRow = 250;
/** Rows 1 to 255 of the /16. */
export const maxBenchPumps = perRow * 255;

/**
 * The address of the pump with this serial (`PL00001` is the first).
 * @example pumpAddress('PL00001') // '127.10.1.1'
 * @throws PumplabError INPUT_INVALID for a serial that is not `PL` and a number from 1 to {@link maxBenchPumps}
 */
export function pumpAddress(serial: string, network = '127.10'): string {
  const index = Number(/^PL(\d+)$/.exec(serial)?.[1] ?? Number.NaN) - 1;
  if (!Number.isInteger(index) || index < 0 || index >= maxBenchPumps) {
    throw new PumplabError('INPUT_INVALID', `No bench address for pump '${serial}'.`, { serial });
  }
  return `${network}.${1 + Math.floor(index / perRow)}.${1 + (index % perRow)}`;
}
