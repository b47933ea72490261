import type { Clock } from '../../core/clock.ts';

const msPerHour = 3_600_000;

/** What the fluid now flowing counts as: the programmed therapy, or keep-vein-open after it. */
export type FlowKind = 'therapy' | 'kvo';

/**
 * Volume delivered by one infusion, integrated exactly over lab time. Between rate changes volume
 * grows linearly, so settling the account at each change gives the exact integral at any clock
 * speed, with no sampling error. Therapy volume is capped at the VTBI; KVO volume is counted apart.
 */
export class InfusionMeter {
  private rate = 0;
  private flowKind: FlowKind = 'therapy';
  private since: number;
  private therapy = 0;
  private kvo = 0;

  constructor(
    private readonly clock: Clock,
    /** Volume to be infused, mL. */
    readonly vtbi: number,
  ) {
    this.since = clock.now();
  }

  /** The rate now flowing, mL/h (0 while paused or in alarm). */
  get flowRate(): number {
    return this.rate;
  }

  get kind(): FlowKind {
    return this.flowKind;
  }

  /**
   * Changes the flow from lab time `at` (default now). The VTBI timer passes the exact time the
   * VTBI was reached, which a real-time clock's timer may fire a little after.
   */
  setFlow(rate: number, kind: FlowKind, at = this.clock.now()): void {
    this.settle(at);
    this.rate = rate;
    this.flowKind = kind;
  }

  /** Therapy volume delivered by lab time `at`, mL. */
  volumeInfused(at = this.clock.now()): number {
    const flowing = this.flowKind === 'therapy' ? this.pending(at) : 0;
    return Math.min(this.vtbi, this.therapy + flowing);
  }

  /** Keep-vein-open volume delivered by lab time `at`, mL. */
  kvoVolume(at = this.clock.now()): number {
    return this.kvo + (this.flowKind === 'kvo' ? this.pending(at) : 0);
  }

  /** The exact lab time the VTBI is reached at the present rate, or undefined when therapy is not flowing. */
  vtbiReachedAt(): number | undefined {
    if (this.flowKind !== 'therapy' || this.rate <= 0) return undefined;
    return this.since + ((this.vtbi - this.therapy) / this.rate) * msPerHour;
  }

  private pending(at: number): number {
    return (this.rate * Math.max(0, at - this.since)) / msPerHour;
  }

  private settle(at: number): void {
    const delivered = this.pending(at);
    if (this.flowKind === 'therapy') this.therapy = Math.min(this.vtbi, this.therapy + delivered);
    else this.kvo += delivered;
    this.since = Math.max(this.since, at);
  }
}
