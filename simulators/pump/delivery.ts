import type { LabClock, TimerHandle } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import type { AlarmCode, DeliveryState } from '../contract/pump-messages.ts';
import { AlarmPanel, isBlockingAlarm } from './alarm-panel.ts';
import {
  kvoRateMlPerHour,
  mechanismMaxRateMlPerHour,
  type DeliveryEvent,
  type InfusionView,
  type ProgrammedInfusion,
} from './delivery-types.ts';
import { InfusionMeter } from './infusion-meter.ts';

type Phase = Exclude<DeliveryState, 'alarm'>;
type Flowing = 'infusing' | 'kvo';

interface Current {
  program: ProgrammedInfusion;
  meter: InfusionMeter;
  startedAt?: number;
  endedAt?: number;
}

/**
 * The delivery state machine a nurse knows: standby → programming → infusing ⇄ paused, infusing →
 * kvo when the VTBI is reached, complete after stop. A blocking alarm (occlusion, air-in-line) halts
 * the flow and shows as `alarm` until cleared, after which the infusion waits paused for the nurse.
 * Commands return the events they cause; the VTBI timer reports its events through `onTimerEvents`.
 */
export class Delivery {
  readonly alarms = new AlarmPanel();
  private phase: Phase = 'standby';
  private current: Current | undefined;
  private resumeTo: Flowing = 'infusing';
  private vtbiTimer: TimerHandle | undefined;

  constructor(
    private readonly clock: LabClock,
    private readonly onTimerEvents: (events: DeliveryEvent[]) => void,
  ) {}

  get state(): DeliveryState {
    return this.alarms.blocking ? 'alarm' : this.phase;
  }

  /** True from start until stop: the pump is delivering, or holding, a patient's infusion. */
  get infusionActive(): boolean {
    return this.phase === 'infusing' || this.phase === 'paused' || this.phase === 'kvo';
  }

  /** The current or last infusion, or undefined in standby. */
  infusion(): InfusionView | undefined {
    const current = this.current;
    if (!current) return undefined;
    const { program, meter, startedAt, endedAt } = current;
    const volumes = { volumeInfused: meter.volumeInfused(), kvoVolume: meter.kvoVolume() };
    return { program, flowRate: meter.flowRate, ...volumes, startedAt, endedAt };
  }

  /** Throws PUMP_BUSY while an infusion is active: it is never reprogrammed or interrupted from afar. */
  assertProgrammable(): void {
    if (this.infusionActive) {
      throw new PumplabError('PUMP_BUSY', `The pump is ${this.phase}; stop the infusion first.`, {
        state: this.phase,
      });
    }
  }

  /** Throws PUMP_ALARM_ACTIVE while an occlusion or air-in-line alarm holds delivery. */
  assertNoBlockingAlarm(): void {
    if (this.alarms.blocking) {
      throw new PumplabError('PUMP_ALARM_ACTIVE', 'Clear the alarm before delivering.', {
        alarms: this.alarms.list().join(','),
      });
    }
  }

  program(program: ProgrammedInfusion): DeliveryEvent[] {
    this.assertProgrammable();
    this.current = { program, meter: new InfusionMeter(this.clock, program.vtbi) };
    this.phase = 'programming';
    return [{ type: 'infusion-programmed' }];
  }

  start(): DeliveryEvent[] {
    this.expectPhase('start', ['programming']);
    this.assertNoBlockingAlarm();
    // One instant for both, so the start time and the start of flow agree to the millisecond.
    const now = this.clock.now();
    this.active().startedAt = now;
    this.flow('infusing', now);
    return [{ type: 'infusion-started' }];
  }

  pause(): DeliveryEvent[] {
    this.resumeTo = this.expectPhase('pause', ['infusing', 'kvo']);
    this.halt();
    this.phase = 'paused';
    return [{ type: 'infusion-paused' }];
  }

  resume(): DeliveryEvent[] {
    this.expectPhase('resume', ['paused']);
    this.assertNoBlockingAlarm();
    this.flow(this.resumeTo);
    return [{ type: 'infusion-resumed' }];
  }

  /** Ends the infusion (complete), or cancels a program not yet started (standby). */
  stop(): DeliveryEvent[] {
    const phase = this.expectPhase('stop', ['programming', 'infusing', 'paused', 'kvo']);
    if (phase === 'programming') {
      this.current = undefined;
      this.phase = 'standby';
      return [{ type: 'infusion-stopped', detail: { reason: 'cancelled' } }];
    }
    this.halt();
    const current = this.active();
    current.endedAt = this.clock.now();
    this.phase = 'complete';
    const { meter } = current;
    const detail = { volumeInfused: meter.volumeInfused(), kvoVolume: meter.kvoVolume() };
    const events: DeliveryEvent[] = [{ type: 'infusion-stopped', detail }];
    if (this.alarms.clear('infusion-complete'))
      events.push({ type: 'alarm-cleared', alarm: 'infusion-complete' });
    return events;
  }

  /**
   * Changes the running rate with no library check: the path a maintenance shell offers on legacy
   * firmware (CVE-2021-33882 pattern). Only the mechanism's own ceiling applies.
   */
  setRate(rate: number): DeliveryEvent[] {
    this.expectPhase('set-rate', ['infusing', 'paused']);
    if (!Number.isFinite(rate) || rate <= 0 || rate > mechanismMaxRateMlPerHour) {
      throw new PumplabError('PUMP_RATE_OUT_OF_RANGE', `The pump cannot run at ${rate} mL/h.`, {
        rate,
        max: mechanismMaxRateMlPerHour,
      });
    }
    const current = this.active();
    current.program = { ...current.program, rate };
    if (this.phase === 'infusing') this.flow('infusing');
    return [];
  }

  raiseAlarm(code: AlarmCode): DeliveryEvent[] {
    if (!this.alarms.raise(code)) return [];
    if (isBlockingAlarm(code) && (this.phase === 'infusing' || this.phase === 'kvo')) {
      this.resumeTo = this.phase;
      this.halt();
      this.phase = 'paused';
    }
    return [{ type: 'alarm-raised', alarm: code }];
  }

  clearAlarm(code: AlarmCode): DeliveryEvent[] {
    return this.alarms.clear(code) ? [{ type: 'alarm-cleared', alarm: code }] : [];
  }

  /** Cancels the VTBI timer. */
  close(): void {
    this.vtbiTimer?.cancel();
    this.vtbiTimer = undefined;
  }

  private flow(phase: Flowing, at = this.clock.now()): void {
    const { program, meter } = this.active();
    const rate = phase === 'infusing' ? program.rate : Math.min(kvoRateMlPerHour, program.rate);
    meter.setFlow(rate, phase === 'infusing' ? 'therapy' : 'kvo', at);
    this.phase = phase;
    this.scheduleVtbi();
  }

  private halt(): void {
    const { meter } = this.active();
    meter.setFlow(0, meter.kind);
    this.close();
  }

  private scheduleVtbi(): void {
    this.close();
    const due = this.active().meter.vtbiReachedAt();
    if (due === undefined) return;
    // Lab clocks tick in whole milliseconds: fire at the first one at or after the exact crossing
    // (less a hair of float noise), then settle the meter at the exact crossing itself.
    const delay = Math.max(0, Math.ceil(due - this.clock.now() - 1e-6));
    this.vtbiTimer = this.clock.setTimer(delay, () => this.onVtbiReached(due));
  }

  private onVtbiReached(due: number): void {
    this.vtbiTimer = undefined;
    if (this.phase !== 'infusing') return;
    const { program, meter } = this.active();
    const rate = Math.min(kvoRateMlPerHour, program.rate);
    meter.setFlow(rate, 'kvo', due);
    this.phase = 'kvo';
    const events: DeliveryEvent[] = [
      { type: 'infusion-completed', detail: { volumeInfused: meter.vtbi } },
      { type: 'kvo-started', detail: { rate } },
    ];
    if (this.alarms.raise('infusion-complete'))
      events.push({ type: 'alarm-raised', alarm: 'infusion-complete' });
    this.onTimerEvents(events);
  }

  private expectPhase<P extends Phase>(command: string, allowed: readonly P[]): P {
    const phase = this.phase as P;
    if (allowed.includes(phase)) return phase;
    throw new PumplabError('PUMP_INVALID_STATE', `Cannot ${command} while ${this.state}.`, {
      command,
      state: this.state,
    });
  }

  private active(): Current {
    if (!this.current) throw new PumplabError('PUMP_INVALID_STATE', 'No infusion is programmed.');
    return this.current;
  }
}
