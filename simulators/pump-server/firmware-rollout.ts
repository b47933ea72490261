import type { LabClock, TimerHandle } from '../../core/clock.ts';
import { sendForOutcome, type CommandBody, type SendContext } from './command-outcome.ts';
import type { InventoryReader, PumpRecord } from './ports.ts';
import {
  deferral,
  type PumpRolloutState,
  type PumpRolloutStatus,
  type RolloutPolicy,
  type RolloutSnapshot,
} from './rollout-status.ts';

/** What a rollout is given. */
export interface RolloutContext {
  id: string;
  version: string;
  command: CommandBody;
  inventory: InventoryReader;
  send: SendContext;
  clock: LabClock;
  policy: RolloutPolicy;
}

/**
 * One firmware rollout: waves in turn, every idle pump of a wave at once; a busy or offline pump is
 * deferred and retried on every poll until it is idle or the deadline passes. A wave that fails
 * beyond the threshold halts the rollout; pumps not yet reached stay pending.
 */
export class FirmwareRollout {
  private readonly pumps = new Map<string, PumpRolloutStatus>();
  private readonly inFlight = new Set<string>();
  private readonly startedAt: number;
  private state: RolloutSnapshot['state'] = 'running';
  private haltReason: string | null = null;
  private finishedAt: number | null = null;
  private wavesDone = false;
  private polling = false;
  private pollAgain = false;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly context: RolloutContext,
    private readonly waves: string[][],
    preinstalled: ReadonlySet<string> = new Set(),
  ) {
    this.startedAt = context.clock.now();
    waves.forEach((serials, wave) => {
      for (const serial of serials) {
        const installed = preinstalled.has(serial);
        this.set(
          serial,
          wave,
          installed ? 'installed' : 'pending',
          installed ? 'already at version' : undefined,
        );
      }
    });
  }

  /** Starts the first wave and the poll of deferred pumps; resolves when the waves have been sent. */
  async start(): Promise<void> {
    this.timer = this.context.clock.setRepeating(this.context.policy.pollIntervalMs, () => this.poll());
    for (const [index, serials] of this.waves.entries()) {
      await Promise.all(serials.map((serial) => this.attempt(serial)));
      if (this.checkWave(index)) break;
    }
    this.wavesDone = true;
    this.finishIfSettled();
  }

  /** Stops polling; the rollout stays as it is. */
  stop(): void {
    this.timer?.cancel();
  }

  snapshot(): RolloutSnapshot {
    const iso = (ms: number): string => new Date(ms).toISOString();
    return {
      id: this.context.id,
      version: this.context.version,
      state: this.state,
      startedAt: iso(this.startedAt),
      deadline: iso(this.startedAt + this.context.policy.deadlineMs),
      finishedAt: this.finishedAt === null ? null : iso(this.finishedAt),
      haltReason: this.haltReason,
      waves: this.waves.map((wave) => [...wave]),
      pumps: [...this.pumps.values()].map((pump) => ({ ...pump })),
    };
  }

  /** Installs on `serial` now if it is idle and online, else defers it. */
  private async attempt(serial: string): Promise<void> {
    const current = this.pumps.get(serial);
    if (!current || this.state !== 'running' || this.inFlight.has(serial)) return;
    if (current.status !== 'pending' && current.status !== 'deferred') return;
    this.inFlight.add(serial);
    try {
      const wait = deferral(await this.readPump(serial));
      if (wait !== undefined) return this.set(serial, current.wave, 'deferred', wait);
      const outcome = await sendForOutcome(this.context.send, serial, this.context.command);
      if (this.state !== 'running') return;
      const status = outcome.outcome === 'accepted' ? 'installed' : outcome.outcome;
      this.set(serial, current.wave, status, outcome.reason);
    } finally {
      this.inFlight.delete(serial);
    }
  }

  /** The pump's inventory record; an inventory failure defers the pump rather than failing it. */
  private async readPump(serial: string): Promise<PumpRecord | 'unreadable' | undefined> {
    try {
      return await this.context.inventory.getPump(serial);
    } catch (error) {
      this.context.send.logger.warn(
        { rollout: this.context.id, serial, err: error },
        'inventory read failed',
      );
      return 'unreadable';
    }
  }

  /** Runs one poll at a time; a tick that comes during one runs right after it. */
  private poll(): void {
    if (this.state !== 'running') return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    void this.pollOnce().finally(() => {
      this.polling = false;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.poll();
      }
    });
  }

  /** Deferred pumps past the deadline time out; the others are tried again. */
  private async pollOnce(): Promise<void> {
    const deferred = [...this.pumps.values()].filter((pump) => pump.status === 'deferred');
    if (this.context.clock.now() >= this.startedAt + this.context.policy.deadlineMs) {
      // Never idle in time is not a fault of the image: these time out without halting anything.
      for (const pump of deferred) {
        this.set(pump.serial, pump.wave, 'timed-out', `deferred past the deadline (${pump.reason ?? ''})`);
      }
    } else {
      await Promise.all(deferred.map((pump) => this.attempt(pump.serial)));
      for (const index of this.waves.keys()) if (this.checkWave(index)) break;
    }
    this.finishIfSettled();
  }

  /** Halts the rollout when wave `index` failed beyond the threshold; true when it did. */
  private checkWave(index: number): boolean {
    if (this.state !== 'running') return this.state === 'halted';
    const serials = this.waves[index] ?? [];
    const failed = serials.filter((serial) => {
      const status = this.pumps.get(serial)?.status;
      return status === 'rejected' || status === 'timed-out';
    }).length;
    if (serials.length === 0 || failed / serials.length <= this.context.policy.maxFailureRate) return false;
    this.haltReason = `wave ${index + 1}: ${failed} of ${serials.length} pumps failed`;
    this.finish('halted');
    return true;
  }

  private finishIfSettled(): void {
    if (this.state !== 'running' || !this.wavesDone) return;
    const open = [...this.pumps.values()].some((p) => p.status === 'pending' || p.status === 'deferred');
    if (!open) this.finish('completed');
  }

  private finish(state: 'completed' | 'halted'): void {
    this.state = state;
    this.finishedAt = this.context.clock.now();
    this.stop();
    this.context.send.logger.info(
      { rollout: this.context.id, state, reason: this.haltReason },
      'rollout ended',
    );
  }

  private set(serial: string, wave: number, status: PumpRolloutState, reason?: string): void {
    const updatedAt = new Date(this.context.clock.now()).toISOString();
    this.pumps.set(serial, { serial, wave, status, ...(reason === undefined ? {} : { reason }), updatedAt });
  }
}
