import { z } from 'zod';
import type { LabClock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import { unseededRandom, type SendContext } from './command-outcome.ts';
import type { FirmwareCatalog } from './firmware-catalog.ts';
import { FirmwareRollout } from './firmware-rollout.ts';
import type { RolloutPolicy, RolloutSnapshot } from './rollout-status.ts';
import type { CommandSender, InventoryReader, PumpRecord } from './ports.ts';
import { defaultWaves, planWaves, waveSpecSchema } from './rollout-plan.ts';

const serialSchema = z.string().regex(/^[A-Za-z0-9-]{1,32}$/);

/** A request to roll a firmware version out: to named pumps, a care area, or the named pumps in it. */
export const rolloutRequestSchema = z
  .object({
    serials: z.array(serialSchema).min(1).max(10_000).optional(),
    careArea: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/)
      .optional(),
    waves: waveSpecSchema.optional(),
    /** Share of a wave's pumps that may reject or time out before the rollout halts. */
    maxFailureRate: z.number().min(0).max(1).optional(),
    /** Lab milliseconds after which pumps still busy are reported timed out. */
    deadlineMs: z
      .number()
      .int()
      .positive()
      .max(30 * 86_400_000)
      .optional(),
  })
  .strict()
  .refine((request) => request.serials !== undefined || request.careArea !== undefined, {
    message: 'name serials, a careArea, or both',
  });
/** A rollout request, as validated. */
export type RolloutRequest = z.infer<typeof rolloutRequestSchema>;

/** The lab's defaults: look at busy pumps every lab minute for a lab day; halt above 20% failures. */
export const defaultRolloutPolicy: RolloutPolicy = {
  pollIntervalMs: 60_000,
  deadlineMs: 86_400_000,
  maxFailureRate: 0.2,
};

/** What the rollouts are built from. */
export interface FirmwareRolloutsOptions {
  catalog: FirmwareCatalog;
  inventory: InventoryReader;
  sender: CommandSender;
  clock: LabClock;
  random?: Random;
  logger?: Logger;
  policy?: Partial<RolloutPolicy>;
}

/** Starts firmware rollouts and keeps them (in memory) for status queries. */
export class FirmwareRollouts {
  private readonly rollouts = new Map<string, FirmwareRollout>();
  private readonly send: SendContext;
  private readonly policy: RolloutPolicy;

  constructor(private readonly options: FirmwareRolloutsOptions) {
    this.send = {
      sender: options.sender,
      now: () => options.clock.now(),
      random: options.random ?? unseededRandom(),
      logger: (options.logger ?? silentLogger).child({ component: 'firmware-rollout' }),
    };
    this.policy = { ...defaultRolloutPolicy, ...options.policy };
  }

  /**
   * Resolves the target pumps (those of the image's model; pumps already on `version` count as
   * installed), plans the waves and starts them in the background.
   * @throws PumplabError FIRMWARE_UNKNOWN_VERSION, FIRMWARE_NO_TARGETS, INPUT_INVALID (unknown
   *   serials or another model)
   * @example const { id } = await rollouts.start('2.1.0', { careArea: 'icu', waves: { sizes: [1, 5] } })
   */
  async start(version: string, request: RolloutRequest): Promise<RolloutSnapshot> {
    const release = this.options.catalog.release(version);
    const pumps = await this.targets(request, release.meta['model'] ?? '');
    if (pumps.length === 0)
      throw new PumplabError('FIRMWARE_NO_TARGETS', 'No pump to roll out to.', { version });
    const id = `rollout-${this.send.random.hex8()}${this.send.random.hex8()}`;
    const rollout = new FirmwareRollout(
      {
        id,
        version,
        command: {
          kind: 'install-firmware',
          version,
          image: release.content.toString('base64'),
          signature: release.signature.toString('base64'),
        },
        inventory: this.options.inventory,
        send: this.send,
        clock: this.options.clock,
        policy: { ...this.policy, ...definedOnly(request) },
      },
      planWaves(
        pumps.map((pump) => pump.serial),
        request.waves ?? defaultWaves,
      ),
      new Set(pumps.filter((pump) => pump.firmware === version).map((pump) => pump.serial)),
    );
    this.rollouts.set(id, rollout);
    this.send.logger.info({ rollout: id, version, pumps: pumps.length }, 'rollout started');
    rollout
      .start()
      .catch((error: unknown) => this.send.logger.error({ rollout: id, err: error }, 'rollout failed'));
    return rollout.snapshot();
  }

  /** A rollout's status now. @throws PumplabError FIRMWARE_UNKNOWN_ROLLOUT */
  get(id: string): RolloutSnapshot {
    const rollout = this.rollouts.get(id);
    if (!rollout) throw new PumplabError('FIRMWARE_UNKNOWN_ROLLOUT', `No rollout ${id}.`, { id });
    return rollout.snapshot();
  }

  /** Every rollout, oldest first. */
  list(): RolloutSnapshot[] {
    return [...this.rollouts.values()].map((rollout) => rollout.snapshot());
  }

  /** Stops every rollout's polling. */
  close(): void {
    for (const rollout of this.rollouts.values()) rollout.stop();
  }

  private async targets(request: RolloutRequest, model: string): Promise<PumpRecord[]> {
    const { inventory } = this.options;
    if (request.serials === undefined) {
      const inArea = await inventory.listPumps({ careArea: request.careArea ?? '' });
      return inArea.filter((pump) => pump.model === model).sort((a, b) => a.serial.localeCompare(b.serial));
    }
    const serials = [...new Set(request.serials)];
    const found = await Promise.all(serials.map((serial) => inventory.getPump(serial)));
    const problems = serials.flatMap((serial, i) => {
      const pump = found[i];
      if (!pump) return [`serials.${i}: no pump ${serial} in the inventory`];
      return pump.model === model
        ? []
        : [`serials.${i}: ${serial} is a ${pump.model}, the image is for ${model}`];
    });
    if (problems.length > 0)
      throw new PumplabError('INPUT_INVALID', 'Some pumps cannot take this image.', { problems });
    return found.filter(
      (pump): pump is PumpRecord => pump !== undefined && matchesArea(pump, request.careArea),
    );
  }
}

const matchesArea = (pump: PumpRecord, careArea: string | undefined): boolean =>
  careArea === undefined || pump.careArea === careArea;

function definedOnly(request: RolloutRequest): Partial<RolloutPolicy> {
  return {
    ...(request.maxFailureRate === undefined ? {} : { maxFailureRate: request.maxFailureRate }),
    ...(request.deadlineMs === undefined ? {} : { deadlineMs: request.deadlineMs }),
  };
}
