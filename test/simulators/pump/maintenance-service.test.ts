import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logger.ts';
import type { Pump, PumpOptions } from '../../../simulators/pump/pump.ts';
import { buildFirmwareImage } from '../../../simulators/contract/firmware-image.ts';
import { installFirmwareCommand, makePump, programCommand } from './pump-fixtures.ts';
import { ShellClient } from './shell-client.ts';

const patientId = 'MRN-0042-SMITH';
const psk = 'ward-7-wpa2-psk-0001';
const pumps: Pump[] = [];
const clients: ShellClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(pumps.splice(0).map((pump) => pump.close()));
});

async function servedPump(
  options: Partial<PumpOptions> = {},
): Promise<ReturnType<typeof makePump> & { port: number }> {
  const setup = makePump({ firmware: '2.4.0', wifi: { ssid: 'pumplab-clinical', psk }, ...options });
  pumps.push(setup.pump);
  const bound = await setup.pump.startMaintenanceService({ host: '127.0.0.1', port: 0 });
  if (!bound) throw new Error('no maintenance service');
  return { ...setup, port: bound.port };
}

async function connect(port: number): Promise<ShellClient> {
  const client = await ShellClient.connect(port);
  clients.push(client);
  await client.waitFor((lines) => lines.includes('OK ready'));
  return client;
}

const propofolAt30 = programCommand({
  drugId: 'propofol',
  patientId,
  weightKg: 70,
  doseRate: { value: 30, unit: 'mcg/kg/min' },
  vtbi: 500,
  autoStart: true,
});

describe('the legacy maintenance shell', () => {
  it('refuses a wrong password and hangs up after three failures', async () => {
    const { pump, port } = await servedPump();
    const client = await connect(port);
    expect(await client.request('history')).toEqual(['ERR login required']);
    expect(await client.request('login biomed letmein')).toEqual(['ERR login incorrect']);
    await client.request('login admin admin');
    client.send('login root root');
    await client.closed;
    expect(client.lines).toContain('ERR too many failed logins');
    expect(pump.maintenanceStats).toMatchObject({ failedLogins: 3, successfulLogins: 0 });
  });

  it('lets anyone in with the factory login and discloses history and the Wi-Fi key', async () => {
    const { pump, clock, port } = await servedPump();
    pump.handleCommand(propofolAt30);
    clock.advance(60_000);
    const client = await connect(port);
    expect(await client.request('login biomed biomed')).toEqual(['OK logged in as biomed']);
    const history = await client.request('history');
    expect(history.join('\n')).toContain(patientId);
    expect(await client.request('config')).toContain(`wifi.psk=${psk}`);
    expect(await client.request('quit')).toEqual(['OK bye']);
    await client.closed;
  });

  it('changes the running rate past the hard limit, bypassing the library (CVE-2021-33882 pattern)', async () => {
    const { pump, clock, port } = await servedPump();
    pump.handleCommand(propofolAt30);
    const client = await connect(port);
    await client.request('login biomed biomed');
    expect(await client.request('set-rate 100')).toEqual(['OK rate 100 mL/h']);
    const infusion = pump.status().infusion;
    expect(infusion?.rate).toBe(100);
    // 100 mL/h of 10 mg/mL for 70 kg is 238 mcg/kg/min, three times the 80 hard maximum.
    expect(infusion?.doseRate?.value).toBeGreaterThan(80);
    clock.advance(3_600_000);
    expect(pump.status().infusion?.volumeInfused).toBe(100);
    expect(await client.request('set-rate 5000')).toEqual(['ERR PUMP_RATE_OUT_OF_RANGE']);
    expect(await client.request('set-rate lots')).toEqual(['ERR rate must be a number of mL/h']);
  });

  it('is absent from patched firmware and still present on the interim version', async () => {
    const patched = makePump({ firmware: '4.2.1' }).pump;
    pumps.push(patched);
    expect(await patched.startMaintenanceService({ host: '127.0.0.1', port: 0 })).toBeUndefined();
    const { port } = await servedPump({ firmware: '3.1.0' });
    const client = await connect(port);
    expect(await client.request('login biomed biomed')).toEqual(['OK logged in as biomed']);
  });

  it('refuses the factory login once the default-credentials control replaces it', async () => {
    const { port } = await servedPump({
      maintenanceCredentials: { user: 'biomed', password: 'Q7!long-unique' },
    });
    const client = await connect(port);
    expect(await client.request('login biomed biomed')).toEqual(['ERR login incorrect']);
    expect(await client.request('login biomed Q7!long-unique')).toEqual(['OK logged in as biomed']);
  });

  it('closes when a firmware update removes it', async () => {
    const { pump, port } = await servedPump();
    const client = await connect(port);
    const image = buildFirmwareImage({ model: 'PL-3000', version: '4.2.1' });
    expect(pump.handleCommand(installFirmwareCommand('4.2.1', image, null)).outcome).toBe('accepted');
    await client.closed;
    await expect(ShellClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the maintenance shell under hostile input', () => {
  it('hangs up on a 10 MB line and keeps serving', async () => {
    const { port } = await servedPump();
    const client = await connect(port);
    client.socket.write(Buffer.alloc(10 * 1024 * 1024, 0x41));
    await client.closed;
    expect(client.lines).toContain('ERR line too long');
    const next = await connect(port);
    expect(await next.request('help')).toContain('OK');
  });

  it('answers binary garbage with errors and never echoes it', async () => {
    const { port } = await servedPump();
    const client = await connect(port);
    // Telnet option negotiation (IAC WILL ECHO), a NUL and random bytes, in ten short lines.
    const line = (): Buffer => {
      const noise = crypto.randomBytes(300).map((byte) => (byte === 0x0a ? 0x20 : byte));
      return Buffer.concat([Buffer.from([0xff, 0xfb, 0x01, 0x00]), noise, Buffer.from('\n')]);
    };
    client.send(Buffer.concat(Array.from({ length: 10 }, line)));
    await client.waitFor((lines) => lines.filter((item) => item.startsWith('ERR')).length >= 10);
    expect(await client.request('help')).toContain('OK');
    expect(client.lines.every((line) => line.length < 200)).toBe(true);
  });

  it('caps concurrent sessions and recovers when they close', async () => {
    const { pump, port } = await servedPump();
    const attempts = await Promise.all(Array.from({ length: 20 }, () => ShellClient.connect(port)));
    clients.push(...attempts);
    await Promise.all(attempts.map((client) => client.waitFor((lines) => lines.length >= 1)));
    const refused = attempts.filter((client) => client.lines.includes('ERR too many sessions'));
    expect(refused).toHaveLength(16);
    expect(pump.maintenanceStats).toMatchObject({ sessions: 4, refusedSessions: 16 });
    for (const client of attempts) client.close();
    await Promise.all(attempts.map((client) => client.closed));
    await waitForSessions(pump, 0);
    const next = await connect(port);
    expect(await next.request('help')).toContain('OK');
  });

  it('hangs up on an idle session', async () => {
    const { port } = await servedPump({ maintenanceLimits: { idleTimeoutMs: 100 } });
    const client = await connect(port);
    await client.closed;
    expect(client.lines).toContain('ERR idle timeout');
  });

  it('logs logins and commands but never the password, the patient or the key', async () => {
    const logs: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => logs.push(line) },
    });
    const credentials = { user: 'tech', password: 'S3cret-Pa55' };
    const { pump, port } = await servedPump({ logger, maintenanceCredentials: credentials });
    pump.handleCommand(propofolAt30);
    const client = await connect(port);
    await client.request('login tech guess-123');
    await client.request(`login tech ${credentials.password}`);
    await client.request('history');
    await client.request('config');
    await client.request('set-rate 50');
    const text = logs.join('');
    expect(text).toContain('maintenance login failed');
    expect(text).toContain('maintenance login succeeded');
    expect(text).toContain('"command":"history"');
    for (const secret of [credentials.password, 'guess-123', patientId, psk])
      expect(text).not.toContain(secret);
  });
});

/** Resolves once the server has seen the sessions close (it learns of a close a moment after the client). */
async function waitForSessions(pump: Pump, count: number): Promise<void> {
  while ((pump.maintenanceStats?.sessions ?? 0) > count) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
