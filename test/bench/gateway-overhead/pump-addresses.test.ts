import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { maxBenchPumps, pumpAddress } from '../../../bench/gateway-overhead/pump-addresses.ts';
import { pumpSerial } from '../../../simulators/fleet/fleet-plan.ts';

describe('the gateway benchmark’s pump addresses', () => {
  const topology = readTopologyFile();
  const pumpNetwork = topology.zone('pump-network');

  it('gives every pump its own address in the pump network, clear of the gateway and components', () => {
    const taken = new Set([pumpNetwork?.gateway, ...topology.components.map((c) => c.address)]);
    const addresses = Array.from({ length: 2_000 }, (_, i) => pumpAddress(pumpSerial(i + 1)));
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const address of addresses) {
      expect(topology.zoneOf(address)).toBe('pump-network');
      expect(taken.has(address)).toBe(false);
      expect(address).not.toMatch(/\.(0|255)$/);
    }
    expect(addresses.slice(0, 2)).toEqual(['127.10.1.1', '127.10.1.2']);
    expect(pumpAddress(pumpSerial(251))).toBe('127.10.2.1');
    expect(topology.zoneOf(pumpAddress(pumpSerial(maxBenchPumps)))).toBe('pump-network');
  });

  it('refuses a serial it has no address for', () => {
    for (const serial of ['PL00000', 'XX00001', `PL${maxBenchPumps + 1}`]) {
      let code: string | undefined;
      try {
        pumpAddress(serial);
      } catch (error) {
        if (isPumplabError(error, 'INPUT_INVALID')) code = error.code;
      }
      expect(code).toBe('INPUT_INVALID');
    }
  });
});
