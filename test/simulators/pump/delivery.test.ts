import { afterEach, describe, expect, it } from 'vitest';
import type { Pump } from '../../../simulators/pump/pump.ts';
import {
  eventTypes,
  hourMs,
  labStart,
  lastStatus,
  makePump,
  programCommand,
  simpleCommand,
} from './pump-fixtures.ts';

const minuteMs = 60_000;
const pumps: Pump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((pump) => pump.close()));
});

function running(rate: number, vtbi: number, confirmSoftLimit = false): ReturnType<typeof makePump> {
  const setup = makePump();
  pumps.push(setup.pump);
  const result = setup.pump.handleCommand(programCommand({ rate, vtbi, autoStart: true, confirmSoftLimit }));
  expect(result.outcome).toBe('accepted');
  return setup;
}

const volume = (pump: Pump): number => pump.status().infusion?.volumeInfused ?? Number.NaN;

describe('infusion delivery on the lab clock', () => {
  it('infuses rate × time over an hour, in regular and irregular steps', () => {
    const { pump, clock } = running(125, 1000);
    for (let minute = 1; minute <= 60; minute += 1) {
      clock.advance(minuteMs);
      expect(volume(pump)).toBeCloseTo((125 * minute) / 60, 4);
    }
    expect(volume(pump)).toBe(125);
    const steps = [7, 13_001, 999, 59_993, 1, 120_000];
    for (const step of steps) clock.advance(step);
    const elapsed = hourMs + steps.reduce((sum, step) => sum + step, 0);
    expect(volume(pump)).toBeCloseTo((125 * elapsed) / hourMs, 4);
  });

  it('reaches the VTBI at the exact lab time, then keeps the vein open at 1 mL/h, counted apart', () => {
    const { pump, clock, messages } = running(100, 50);
    clock.advance(30 * minuteMs - 1);
    expect(pump.status().state).toBe('infusing');
    clock.advance(1);
    const status = pump.status();
    expect(status.state).toBe('kvo');
    expect(status.alarms).toEqual(['infusion-complete']);
    expect(status.infusion?.volumeInfused).toBe(50);
    const completed = messages.find((m) => m.channel === 'events' && m.payload.type === 'infusion-completed');
    expect(completed?.payload.sentAt).toBe(new Date(labStart + 30 * minuteMs).toISOString());
    expect(eventTypes(messages).slice(-3)).toEqual(['infusion-completed', 'kvo-started', 'alarm-raised']);

    clock.advance(hourMs);
    expect(volume(pump)).toBe(50);
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.status().state).toBe('complete');
    const stopped = messages.find((m) => m.channel === 'events' && m.payload.type === 'infusion-stopped');
    expect(stopped?.channel === 'events' && stopped.payload.detail).toEqual({
      volumeInfused: 50,
      kvoVolume: 1,
    });
    expect(pump.store.history()[0]).toMatchObject({ volumeInfused: 50, kvoVolume: 1 });
  });

  it('fires the VTBI at the first whole millisecond when the crossing falls between two', () => {
    // 10 mL at 7 mL/h: 5,142,857.14… ms.
    const { pump, clock } = running(7, 10);
    clock.advance(5_142_857);
    expect(pump.status().state).toBe('infusing');
    clock.advance(1);
    expect(pump.status().state).toBe('kvo');
    expect(volume(pump)).toBe(10);
  });

  it('keeps the vein open at the programmed rate when that is below 1 mL/h', () => {
    const { pump, clock, messages } = running(0.5, 1, true);
    clock.advance(2 * hourMs);
    const kvo = messages.find((m) => m.channel === 'events' && m.payload.type === 'kvo-started');
    expect(kvo?.channel === 'events' && kvo.payload.detail).toEqual({ rate: 0.5 });
    clock.advance(2 * hourMs);
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.store.history()[0]?.kvoVolume).toBe(1);
  });

  it('accumulates nothing while paused and moves the VTBI time by the pause', () => {
    const { pump, clock } = running(60, 30);
    clock.advance(10 * minuteMs);
    pump.handleCommand(simpleCommand('pause'));
    clock.advance(30 * minuteMs);
    expect(volume(pump)).toBe(10);
    expect(pump.status().state).toBe('paused');
    pump.handleCommand(simpleCommand('resume'));
    clock.advance(20 * minuteMs - 1);
    expect(pump.status().state).toBe('infusing');
    clock.advance(1);
    expect(pump.status().state).toBe('kvo');
  });

  it('stops on an occlusion until cleared and resumed; keeps infusing through advisory alarms', () => {
    const { pump, clock } = running(60, 500);
    pump.raiseAlarm('battery-low');
    pump.raiseAlarm('communication-lost');
    clock.advance(10 * minuteMs);
    expect(pump.status()).toMatchObject({ state: 'infusing', batteryPercent: 15 });
    expect(volume(pump)).toBe(10);
    pump.raiseAlarm('occlusion');
    clock.advance(10 * minuteMs);
    expect(pump.status().state).toBe('alarm');
    expect(volume(pump)).toBe(10);
    expect(pump.handleCommand(simpleCommand('resume')).reason).toBe('PUMP_ALARM_ACTIVE');
    pump.clearAlarm('occlusion');
    expect(pump.status().state).toBe('paused');
    expect(pump.handleCommand(simpleCommand('resume')).outcome).toBe('accepted');
    clock.advance(10 * minuteMs);
    expect(volume(pump)).toBe(20);
    expect(pump.status().alarms).toEqual(['battery-low', 'communication-lost']);
  });

  it('refuses transitions a nurse could not make', () => {
    const { pump } = makePump();
    pumps.push(pump);
    expect(pump.handleCommand(simpleCommand('start')).reason).toBe('PUMP_INVALID_STATE');
    expect(pump.handleCommand(simpleCommand('pause')).reason).toBe('PUMP_INVALID_STATE');
    expect(pump.handleCommand(simpleCommand('stop')).reason).toBe('PUMP_INVALID_STATE');
    pump.handleCommand(programCommand({ rate: 100 }));
    expect(pump.handleCommand(simpleCommand('resume')).reason).toBe('PUMP_INVALID_STATE');
    pump.handleCommand(simpleCommand('start'));
    expect(pump.handleCommand(programCommand({ rate: 50 })).reason).toBe('PUMP_BUSY');
    expect(pump.handleCommand(simpleCommand('start')).reason).toBe('PUMP_INVALID_STATE');
    pump.handleCommand(simpleCommand('pause'));
    expect(pump.handleCommand(programCommand({ rate: 50 })).reason).toBe('PUMP_BUSY');
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.handleCommand(programCommand({ rate: 50 })).outcome).toBe('accepted');
  });

  it('cancels a program that was never started back to standby', () => {
    const { pump } = makePump();
    pumps.push(pump);
    pump.handleCommand(programCommand({ rate: 100 }));
    expect(pump.status().state).toBe('programming');
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.status()).toMatchObject({ state: 'standby', infusion: null });
    expect(pump.store.history()).toEqual([]);
  });

  it('reports status on every state change and every 10 s of lab time', () => {
    const { pump, clock, messages } = makePump();
    pumps.push(pump);
    pump.start();
    clock.advance(60_000);
    expect(messages.filter((m) => m.channel === 'status')).toHaveLength(7);
    pump.handleCommand(programCommand({ rate: 100, autoStart: true }));
    expect(lastStatus(messages).state).toBe('infusing');
    expect(lastStatus(messages).sentAt).toBe(new Date(labStart + 60_000).toISOString());
  });
});
