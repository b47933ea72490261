import { alarmCodes, type AlarmCode } from '../contract/pump-messages.ts';

/**
 * Alarms that stop delivery until a clinician clears them: an occlusion or air in the line must not
 * be pumped through (IEC 60601-2-24, the infusion pump safety standard, requires both alarms).
 * The others are advisory and delivery continues: a pump keeps infusing when the network drops
 * (SP 1800-8: the pump is a stand-alone device first) or its battery runs low.
 */
const blockingAlarms: ReadonlySet<AlarmCode> = new Set<AlarmCode>(['occlusion', 'air-in-line']);

/** True for an alarm that halts delivery. */
export function isBlockingAlarm(code: AlarmCode): boolean {
  return blockingAlarms.has(code);
}

/** The pump's active alarms. */
export class AlarmPanel {
  private readonly active = new Set<AlarmCode>();

  /** Activates an alarm; false when it was already active. */
  raise(code: AlarmCode): boolean {
    if (this.active.has(code)) return false;
    this.active.add(code);
    return true;
  }

  /** Clears an alarm; false when it was not active. */
  clear(code: AlarmCode): boolean {
    return this.active.delete(code);
  }

  has(code: AlarmCode): boolean {
    return this.active.has(code);
  }

  /** True while any delivery-stopping alarm is active. */
  get blocking(): boolean {
    for (const code of this.active) if (isBlockingAlarm(code)) return true;
    return false;
  }

  /** Active alarms in the contract's order, so two snapshots of the same alarms compare equal. */
  list(): AlarmCode[] {
    return alarmCodes.filter((code) => this.active.has(code));
  }
}
