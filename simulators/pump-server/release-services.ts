import type { LabClock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import { unseededRandom } from './command-outcome.ts';
import { DrugLibraryService } from './drug-library-service.ts';
import { FirmwareCatalog } from './firmware-catalog.ts';
import type { RolloutPolicy } from './rollout-status.ts';
import { FirmwareRollouts } from './firmware-rollouts.ts';
import type { CommandSender, InventoryReader } from './ports.ts';
import { releaseSigner } from './release-signer.ts';
import { ReleaseStore } from './release-store.ts';

/** What the release services need from the pump server. */
export interface ReleaseServicesOptions {
  /** The lab state directory: the PKI is read from it and `pump-server/releases.db` kept in it. */
  stateDir: string;
  /** The code-signing identity that signs libraries and firmware, e.g. `drug-library-signer`. */
  signerName: string;
  inventory: InventoryReader;
  sender: CommandSender;
  clock: LabClock;
  random?: Random;
  logger?: Logger;
  rolloutPolicy?: Partial<RolloutPolicy>;
}

/** Drug libraries, firmware and rollouts over one release store; `close()` stops them all. */
export interface ReleaseServices {
  libraries: DrugLibraryService;
  firmware: FirmwareCatalog;
  rollouts: FirmwareRollouts;
  close(): void;
}

/**
 * Wires the release services the REST API serves, as the pump server starts them.
 * @example const releases = createReleaseServices({ stateDir, signerName: 'drug-library-signer', inventory, sender, clock })
 */
export function createReleaseServices(options: ReleaseServicesOptions): ReleaseServices {
  const store = ReleaseStore.open(options.stateDir);
  const sign = releaseSigner(options.stateDir, options.signerName, options.clock);
  const random = options.random ?? unseededRandom();
  const logger = options.logger ?? silentLogger;
  const { inventory, sender, clock } = options;
  const libraries = new DrugLibraryService({
    releases: store,
    sign,
    inventory,
    sender,
    clock,
    random: random.fork('libraries'),
    logger,
  });
  const firmware = new FirmwareCatalog(store, sign, logger);
  const rollouts = new FirmwareRollouts({
    catalog: firmware,
    inventory,
    sender,
    clock,
    random: random.fork('rollouts'),
    logger,
    ...(options.rolloutPolicy === undefined ? {} : { policy: options.rolloutPolicy }),
  });
  return {
    libraries,
    firmware,
    rollouts,
    close: () => {
      rollouts.close();
      store.close();
    },
  };
}
