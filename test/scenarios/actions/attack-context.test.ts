import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { actionNamed } from '../../../scenarios/actions/registry.ts';
import { fakeContext, fakeLab } from './fake-lab.ts';
import { createAttackContext } from '../../../scenarios/actions/attack-context.ts';

afterEach(() => vi.restoreAllMocks());

/** The code a piece of work throws synchronously, or 'no error'. */
function thrownCode(work: () => unknown): string {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

describe('an attack context', () => {
  it('stands the attacker on a spare address of its zone, with empty loot', () => {
    const context = createAttackContext(fakeLab(), 'enterprise');
    expect(context.attacker).toEqual({ zone: 'enterprise', address: '127.0.0.1' });
    expect(context.loot.found.size + context.loot.data.length + context.loot.credentials.length).toBe(0);
  });

  it.each(['10.1.2.3', '8.8.8.8', 'example.com', 'localhost', '::1', ''])(
    'refuses %j as a target',
    (host) => {
      expect(thrownCode(() => fakeContext().assertInLab(host))).toBe('LAB_TARGET_OUTSIDE');
    },
  );

  it('accepts an address of the lab', () => {
    expect(thrownCode(() => fakeContext().assertInLab('127.20.0.1'))).toBe('no error');
  });

  it.each(['10.1.2.3', '8.8.8.8', 'pump-server.example'])(
    'stops a scan toward %s before any connection is made',
    async (host) => {
      const tcp = vi.spyOn(net, 'connect');
      const secure = vi.spyOn(tls, 'connect');
      const context = fakeContext({ endpoints: { mqtt: { host, port: 8883 } } });
      const scan = actionNamed('scan');
      await expect(scan.run(context, scan.params.parse({ services: ['mqtt'] }))).rejects.toMatchObject({
        code: 'LAB_TARGET_OUTSIDE',
      });
      expect(tcp).not.toHaveBeenCalled();
      expect(secure).not.toHaveBeenCalled();
    },
  );

  it('lets the same scan dial an address of the lab (the spies see a real dial)', async () => {
    const secure = vi.spyOn(tls, 'connect');
    const context = fakeContext({ endpoints: { mqtt: { host: '127.0.0.1', port: 1 } } });
    const scan = actionNamed('scan');
    const report = await scan.run(context, scan.params.parse({ services: ['mqtt'] }));
    expect(secure).toHaveBeenCalledOnce();
    expect(report.evidence[0]?.code).toBe('ECONNREFUSED');
  });

  it('stops a console session toward a console outside the lab before dialling it', async () => {
    const tcp = vi.spyOn(net, 'connect');
    const context = fakeContext({ consoles: [{ host: '192.168.1.20', port: 2323 }] });
    const action = actionNamed('console-session');
    await expect(
      action.run(context, action.params.parse({ access: 'factory-login', commands: ['history'] })),
    ).rejects.toMatchObject({ code: 'LAB_TARGET_OUTSIDE' });
    expect(tcp).not.toHaveBeenCalled();
  });
});
