import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { seededRandom } from '../../../core/random.ts';
import { CommandSender } from '../../../simulators/pump-server/command-sender.ts';
import type { CommandResultMessage } from '../../../simulators/contract/pump-messages.ts';
import { commandSchema, type Command } from '../../../simulators/contract/server-commands.ts';
import { sentAt, testBoot } from '../../helpers/pump-messages.ts';

/** A sender whose publishes are recorded instead of crossing a broker. */
function recordingSender(timeoutMs = 1_000): {
  sender: CommandSender;
  sent: { topic: string; command: Command }[];
} {
  const sent: { topic: string; command: Command }[] = [];
  const sender = new CommandSender({
    publish: async (topic, payload) => {
      sent.push({ topic, command: commandSchema.parse(JSON.parse(payload.toString())) });
    },
    clock: new ManualClock(Date.parse('2025-03-01T10:00:00.000Z')),
    random: seededRandom('commands'),
    timeoutMs,
  });
  return { sender, sent };
}

const resultFor = (serial: string, commandId: string): CommandResultMessage => ({
  serial,
  boot: testBoot,
  seq: 1,
  sentAt: sentAt(1),
  commandId,
  outcome: 'rejected',
  reason: 'PUMP_BUSY',
});

describe('the command sender', () => {
  it('publishes a contract command on the pump’s commands topic and resolves with its result', async () => {
    const { sender, sent } = recordingSender();
    const answer = sender.send('PL00001', { kind: 'pause' });
    await Promise.resolve();
    expect(sent).toMatchObject([
      {
        topic: 'pumplab/v1/pumps/PL00001/commands',
        command: { kind: 'pause', issuedAt: '2025-03-01T10:00:00.000Z' },
      },
    ]);
    const commandId = sent[0]?.command.commandId ?? '';
    expect(commandId).toMatch(/^cmd-[0-9a-f]{16}$/);
    sender.resolve(resultFor('PL00001', commandId));
    await expect(answer).resolves.toMatchObject({ outcome: 'rejected', reason: 'PUMP_BUSY' });
    expect(sender.waiting).toBe(0);
  });

  it('ignores a result for the command that comes from another pump', async () => {
    const { sender } = recordingSender(200);
    const answer = sender.send('PL00001', { kind: 'stop', commandId: 'c-1' });
    sender.resolve(resultFor('PL00002', 'c-1'));
    await expect(answer).rejects.toMatchObject({ code: 'BROKER_COMMAND_TIMEOUT' });
  });

  it('times out with BROKER_COMMAND_TIMEOUT when the pump never answers', async () => {
    const { sender } = recordingSender(50);
    await expect(sender.send('PL00001', { kind: 'report-status' })).rejects.toMatchObject({
      code: 'BROKER_COMMAND_TIMEOUT',
      details: { serial: 'PL00001' },
    });
  });

  it('refuses a command that breaks the contract with INPUT_INVALID', async () => {
    const { sender, sent } = recordingSender();
    const order = {
      infusionId: 'INF-1',
      drugId: 'heparin',
      vtbi: 20_000,
      confirmSoftLimit: false,
      autoStart: false,
    };
    await expect(sender.send('PL00001', { kind: 'program', order })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(sent).toHaveLength(0);
  });

  it('fails waiting commands with BROKER_CLOSED when closed, and refuses new ones', async () => {
    const { sender } = recordingSender(10_000);
    const answer = sender.send('PL00001', { kind: 'start' });
    sender.close();
    await expect(answer).rejects.toMatchObject({ code: 'BROKER_CLOSED' });
    await expect(sender.send('PL00001', { kind: 'start' })).rejects.toMatchObject({ code: 'BROKER_CLOSED' });
  });
});
