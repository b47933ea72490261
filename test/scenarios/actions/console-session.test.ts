import { afterEach, describe, expect, it } from 'vitest';
import { consoleSession } from '../../../scenarios/actions/console-session.ts';
import type { Pump, PumpOptions } from '../../../simulators/pump/pump.ts';
import { makePump, programCommand } from '../../simulators/pump/pump-fixtures.ts';
import { fakeContext } from './fake-lab.ts';

const patientId = 'MRN-0042-SMITH';
const psk = 'ward-7-wpa2-psk-0001';
const pumps: Pump[] = [];
afterEach(() => Promise.all(pumps.splice(0).map((pump) => pump.close())));

/** A real pump with its maintenance service on 127.0.0.1, infusing saline at 100 mL/h. */
async function servedPump(
  options: Partial<PumpOptions>,
): Promise<{ pump: Pump; endpoint: { host: string; port: number } }> {
  const { pump } = makePump({ wifi: { ssid: 'pumplab-clinical', psk }, ...options });
  pumps.push(pump);
  pump.handleCommand(
    programCommand({ patientId, drugId: 'normal-saline', rate: 100, vtbi: 1000, autoStart: true }),
  );
  const bound = await pump.startMaintenanceService({ host: '127.0.0.1', port: 0 });
  if (!bound) throw new Error('this firmware has no maintenance service');
  return { pump, endpoint: { host: '127.0.0.1', port: bound.port } };
}

describe('the console-session action', () => {
  it('logs into 2.4.0 with the factory login, takes the history and the Wi-Fi key, and doubles the rate', async () => {
    const { pump, endpoint } = await servedPump({ firmware: '2.4.0' });
    const context = fakeContext({ consoles: [endpoint] });
    const report = await consoleSession.run(context, {
      access: 'factory-login',
      commands: ['history', 'config'],
      setRateFactor: 2,
    });
    expect(report.status).toBe('done');
    expect(context.loot.data.join('\n')).toContain(patientId);
    expect(context.loot.secrets).toEqual([{ kind: 'wifi-psk', from: `127.0.0.1:${endpoint.port}` }]);
    expect(context.loot.data.join('\n')).not.toContain(psk);
    expect(context.loot.logins.get(`127.0.0.1:${endpoint.port}`)).toEqual({
      user: 'biomed',
      password: 'biomed',
    });
    expect(pump.status().infusion?.rate).toBe(200);
    const told = JSON.stringify(report.evidence) + report.summary;
    expect(told).not.toContain(patientId);
    expect(told).not.toContain(psk);
  });

  it('is blocked by a console whose factory login was replaced, with the shell’s ERR line as evidence', async () => {
    const { endpoint } = await servedPump({
      firmware: '2.4.0',
      maintenanceCredentials: { user: 'biomed', password: 'Q7!long-unique' },
    });
    const context = fakeContext({ consoles: [endpoint] });
    const report = await consoleSession.run(context, { access: 'factory-login', commands: ['history'] });
    expect(report.status).toBe('blocked');
    expect(report.evidence).toEqual([
      expect.objectContaining({ channel: 'maintenance', code: 'ERR login incorrect' }),
    ]);
    expect(context.loot.data).toEqual([]);
  });

  it('gets a shell on 2.4.0 through the parser overflow even without the factory login', async () => {
    const { endpoint } = await servedPump({
      firmware: '2.4.0',
      maintenanceCredentials: { user: 'biomed', password: 'Q7!long-unique' },
    });
    const context = fakeContext({ consoles: [endpoint] });
    const report = await consoleSession.run(context, { access: 'exploit', commands: ['history'] });
    expect(report.status).toBe('done');
    expect(context.loot.data.join('\n')).toContain(patientId);
  });

  it('is refused by the fixed parser of 3.1.0 with ERR input too long', async () => {
    const { endpoint } = await servedPump({ firmware: '3.1.0' });
    const context = fakeContext({ consoles: [endpoint] });
    const report = await consoleSession.run(context, { access: 'exploit', commands: ['history'] });
    expect(report.status).toBe('blocked');
    expect(report.evidence.map((item) => item.code)).toEqual(['ERR input too long']);
  });

  it('is blocked with no console to dial', async () => {
    const report = await consoleSession.run(fakeContext(), { access: 'factory-login', commands: [] });
    expect(report).toMatchObject({ status: 'blocked', evidence: [{ code: 'NO_ENDPOINT' }] });
  });
});
