import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../../simulators/contract/server-commands.ts';
import type { Pump } from '../../../simulators/pump/pump.ts';
import { eventTypes, labStart, makePump, programCommand, simpleCommand } from './pump-fixtures.ts';

const pumps: Pump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((pump) => pump.close()));
});

function icuPump(): ReturnType<typeof makePump> {
  const setup = makePump();
  pumps.push(setup.pump);
  return setup;
}

const propofol = (value: number, confirmSoftLimit = false): Command =>
  programCommand({
    drugId: 'propofol',
    weightKg: 70,
    doseRate: { value, unit: 'mcg/kg/min' },
    confirmSoftLimit,
  });

describe('programming a pump through its drug library', () => {
  it('accepts an order within limits and reports the rate and dose it will run', () => {
    const { pump } = icuPump();
    const result = pump.handleCommand(propofol(30));
    expect(result).toMatchObject({
      outcome: 'accepted',
      detail: { rate: 12.6, dose: 30, doseUnit: 'mcg/kg/min' },
    });
    expect(pump.status().infusion).toMatchObject({
      drugId: 'propofol',
      rate: 12.6,
      doseRate: { value: 30, unit: 'mcg/kg/min' },
      patientId: 'MRN-0042-SMITH',
    });
  });

  it('needs a confirmation past a soft limit and records the override as an event', () => {
    const { pump, messages } = icuPump();
    expect(pump.handleCommand(propofol(60))).toMatchObject({
      outcome: 'rejected',
      reason: 'PUMP_SOFT_LIMIT',
    });
    expect(pump.status().state).toBe('standby');
    expect(pump.handleCommand(propofol(60, true))).toMatchObject({
      outcome: 'accepted',
      detail: { softLimitOverridden: true },
    });
    const override = messages.find((m) => m.channel === 'events' && m.payload.type === 'limit-override');
    expect(override?.channel === 'events' && override.payload.detail).toEqual({
      drugId: 'propofol',
      limit: 'softMax',
      value: 60,
      bound: 50,
      unit: 'mcg/kg/min',
    });
  });

  it('never exceeds a hard limit, confirmed or not', () => {
    const { pump } = icuPump();
    for (const command of [
      propofol(81),
      propofol(81, true),
      programCommand({ drugId: 'normal-saline', rate: 1000 }),
    ]) {
      expect(pump.handleCommand(command)).toMatchObject({ outcome: 'rejected', reason: 'PUMP_HARD_LIMIT' });
    }
    expect(pump.status().infusion).toBeNull();
  });

  it('refuses a drug outside its care area and programming without a library', () => {
    const { pump } = icuPump();
    expect(pump.handleCommand(programCommand({ drugId: 'warfarin', rate: 5 })).reason).toBe(
      'PUMP_DRUG_NOT_IN_LIBRARY',
    );
    const bare = makePump({ library: undefined }).pump;
    pumps.push(bare);
    expect(bare.handleCommand(programCommand({ rate: 100 })).reason).toBe('PUMP_NO_LIBRARY');
  });

  it('answers a malformed command with a rejection, not an exception', () => {
    const { pump } = icuPump();
    const garbage = { kind: 'program', commandId: 'c-9', issuedAt: 'yesterday' } as unknown as Command;
    expect(pump.handleCommand(garbage)).toMatchObject({
      commandId: 'c-9',
      outcome: 'rejected',
      reason: 'PUMP_COMMAND_INVALID',
    });
    expect(pump.handleCommand(null as unknown as Command)).toMatchObject({
      commandId: 'invalid',
      outcome: 'rejected',
    });
  });

  it('stamps every message with one boot and a seq rising by one across channels', () => {
    const { pump, clock, messages } = icuPump();
    pump.start();
    pump.handleCommand(programCommand({ rate: 125, vtbi: 10, autoStart: true }));
    clock.advance(10 * 60_000);
    pump.raiseAlarm('occlusion');
    pump.clearAlarm('occlusion');
    pump.handleCommand(simpleCommand('stop'));
    pump.handleCommand(simpleCommand('report-status'));
    pump.reportBufferOverflow(3);
    const channels = new Set(messages.map((message) => message.channel));
    expect(channels).toEqual(new Set(['status', 'events', 'command-results']));
    expect(messages.map((message) => message.payload.seq)).toEqual(messages.map((_, index) => index));
    expect(new Set(messages.map((message) => message.payload.boot))).toEqual(new Set([pump.boot]));
    expect(pump.boot).toMatch(/^[0-9a-f]{8}$/);
    expect(messages.every((message) => message.payload.serial === 'PL3000-0001')).toBe(true);
    expect(messages.at(-1)?.payload.sentAt).toBe(new Date(labStart + 10 * 60_000).toISOString());
    expect(eventTypes(messages)).toEqual([
      'infusion-programmed',
      'infusion-started',
      'infusion-completed',
      'kvo-started',
      'alarm-raised',
      'alarm-raised',
      'alarm-cleared',
      'infusion-stopped',
      'alarm-cleared',
      'buffer-overflow',
    ]);
  });
});
