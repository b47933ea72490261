import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VariableClock } from '../../core/clock.ts';
import { rateLimitRuleName } from '../../gateway/enforcement/connection-rate.ts';
import { EmbeddedLab, type EmbeddedLabOptions } from '../../lab/embedded/embedded-lab.ts';
import { maintenanceLogins } from '../../lab/embedded/lab-security.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { parserExploitLine } from '../../simulators/pump/login-field.ts';
import { sampleDrugLibraryBytes } from '../../simulators/pump/sample-drug-library.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { ShellClient } from '../simulators/pump/shell-client.ts';
import {
  connectionBurst,
  httpsWithoutCertificate,
  mqttWithoutCertificate,
  openTcpHandles,
  spareBeside,
} from './security-probes.ts';

/**
 * Labs one after another in one process, on free ports, each configured by `security` (a posture's
 * controls): every one starts, seeds its ward through the clinical workflow (EHR order,
 * point-of-care, PCD-03, confirm), shows its controls on the wire, and closes. Each has its own
 * state directory with a copy of one PKI, as a scenario run's lab does.
 */
const pumps = 5;
const pkiTemplate = tempDir('pumplab-security-pki-');
let baselineHandles = 0;

beforeAll(() => {
  ensureLabPki(pkiTemplate, { pumps });
  baselineHandles = openTcpHandles();
});

/** A fresh state directory holding a copy of the template PKI (cpSync keeps the key files' modes). */
function freshStateDir(): string {
  const stateDir = tempDir('pumplab-security-');
  fs.cpSync(pkiTemplate, stateDir, { recursive: true });
  return stateDir;
}

const start = (seed: string, options: Partial<EmbeddedLabOptions>): Promise<EmbeddedLab> =>
  EmbeddedLab.start({
    stateDir: freshStateDir(),
    pumps,
    seed,
    clockSpeed: 10,
    ports: { mqtt: 0, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0 },
    ...options,
  });

/**
 * Every seeded infusion was accepted (the point-of-care's PCD-03 reached the pump server), every
 * pump is online at the pump server, and the pump server's PCD-01 reached each patient's chart.
 */
async function expectSeededWard(lab: EmbeddedLab): Promise<void> {
  expect(lab.infusions.length).toBeGreaterThan(0);
  expect(lab.infusions.map((infusion) => infusion.outcome)).toEqual(lab.infusions.map(() => 'accepted'));
  await waitFor(
    () => lab.server.inventory.list({ online: true }).items.length === pumps,
    'every pump online',
  );
  for (const { mrn } of lab.infusions) {
    await waitFor(() => lab.ehr.chart(mrn).observations.length > 0, `an observation charted for ${mrn}`);
  }
}

/** A session on the first pump's console, from a spare address of the pump network. */
async function firstConsole(lab: EmbeddedLab): Promise<ShellClient> {
  const target = lab.network.network.reach('pump', 'pump-maintenance');
  const shell = await ShellClient.connect({ ...target, localAddress: spareBeside(target.host) });
  await shell.waitFor((lines) => lines.includes('OK ready'));
  return shell;
}

describe('a lab with every control off (flat-2015)', () => {
  let lab: EmbeddedLab;
  beforeAll(async () => {
    lab = await start('security-off', {
      zones: { policy: 'flat', admission: false },
      firmwareMix: { '2.4.0': 1, '3.1.0': 1 },
      security: {
        mutualTls: false,
        brokerAuthorization: false,
        checkRevocation: false,
        requireSignedLibraries: false,
        requireSignedFirmware: false,
        encryptStore: false,
        uniqueMaintenanceCredentials: false,
        connectionRateLimit: false,
        monitoring: false,
      },
    });
  });
  afterAll(() => lab?.close());

  it('seeds its ward with pumps that claim their identity by client id', async () => {
    await expectSeededWard(lab);
  });

  it('takes a CONNECT from a TLS client with no certificate, and REST calls without one', async () => {
    const broker = lab.server.mqttAddress;
    expect(await mqttWithoutCertificate(broker, spareBeside(broker.host))).toBe('accepted');
    const rest = lab.server.restAddress;
    expect(await httpsWithoutCertificate(rest, spareBeside(rest.host))).toBe(200);
  });

  it('runs no monitor', () => {
    expect(lab.network.monitor).toBeUndefined();
    expect(lab.network.gateway).toBeDefined();
  });

  it('opens the consoles with the factory login', async () => {
    const shell = await firstConsole(lab);
    try {
      expect(await shell.request('login biomed biomed')).toEqual(['OK logged in as biomed']);
    } finally {
      shell.close();
    }
  });

  it('does not limit the rate of connections', async () => {
    const hl7 = lab.network.gateway!.endpoint('hl7');
    const laptop = '127.40.0.200';
    await connectionBurst(hl7, laptop, 40);
    const decided = await waitFor(() => {
      const mine = lab.network
        .gateway!.decisions.query({ limit: 1_000 })
        .filter((d) => d.fromAddress === laptop);
      return mine.length === 40 && mine;
    }, 'forty decisions');
    expect(decided.every((decision) => decision.verdict === 'allow')).toBe(true);
  });
});

describe('a lab with every control on (sp1800-8)', () => {
  let lab: EmbeddedLab;
  const clock = new VariableClock(10);
  beforeAll(async () => {
    lab = await start('security-on', {
      clock,
      zones: { policy: 'segmented', admission: true },
      firmwareMix: { '4.2.1': 1 },
      security: {
        mutualTls: true,
        brokerAuthorization: true,
        checkRevocation: true,
        requireSignedLibraries: true,
        requireSignedFirmware: true,
        encryptStore: true,
        uniqueMaintenanceCredentials: true,
        connectionRateLimit: true,
        monitoring: true,
      },
    });
  });
  afterAll(() => lab?.close());

  it('seeds its ward with pumps admitted by the gateway and authenticated by certificate', async () => {
    await expectSeededWard(lab);
    const admitted = lab.network.admission?.log.query({ verdict: 'admitted' }) ?? [];
    expect(new Set(admitted.map((record) => record.address)).size).toBe(pumps);
    expect(lab.clock).toBe(clock);
  });

  it('refuses a TLS client with no certificate at the broker and at the REST API', async () => {
    const broker = lab.server.mqttAddress;
    expect(await mqttWithoutCertificate(broker, spareBeside(broker.host))).toBe('refused');
    const rest = lab.server.restAddress;
    expect(await httpsWithoutCertificate(rest, spareBeside(rest.host))).toBe('refused');
  });

  it('runs the monitor', () => {
    expect(lab.network.monitor).toBeDefined();
  });

  it('has no maintenance console on any pump (patched firmware)', () => {
    for (const serial of lab.fleet.serials) expect(lab.fleet.pump(serial)?.maintenanceStats).toBeUndefined();
  });

  it('refuses a source opening connections faster than the rate limit, and logs it as the rate limit', async () => {
    // Slowed down, the limit's 10 s window of lab time is 20 real seconds: the burst falls inside it.
    clock.setSpeed(0.5);
    try {
      const hl7 = lab.network.gateway!.endpoint('hl7');
      const workstation = '127.30.0.200';
      await connectionBurst(hl7, workstation, 40);
      const decided = await waitFor(() => {
        const mine = lab.network
          .gateway!.decisions.query({ limit: 1_000 })
          .filter((d) => d.fromAddress === workstation);
        return mine.length === 40 && mine;
      }, 'forty decisions');
      expect(decided.filter((decision) => decision.verdict === 'allow')).toHaveLength(20);
      const denied = decided.filter((decision) => decision.verdict === 'deny');
      expect(denied).toHaveLength(20);
      expect(denied.every((decision) => decision.rule.policy === rateLimitRuleName)).toBe(true);
    } finally {
      clock.setSpeed(10);
    }
  });
});

describe('a lab of legacy pumps hardened by configuration', () => {
  let lab: EmbeddedLab;
  const seed = 'security-legacy';
  beforeAll(async () => {
    lab = await start(seed, {
      firmwareMix: { '2.4.0': 1 },
      security: { uniqueMaintenanceCredentials: true, encryptStore: true, requireSignedLibraries: true },
    });
  });
  afterAll(() => lab?.close());

  it("gives each console its own login: the factory one fails, the hospital's works", async () => {
    await expectSeededWard(lab);
    const serial = lab.fleet.serials[0] ?? '';
    const login = maintenanceLogins(seed)(serial);
    expect(login).not.toEqual(maintenanceLogins(seed)(lab.fleet.serials[1] ?? ''));
    const shell = await firstConsole(lab);
    try {
      expect(await shell.request('login biomed biomed')).toEqual(['ERR login incorrect']);
      expect(await shell.request(`login ${login.user} ${login.password}`)).toEqual([
        `OK logged in as ${login.user}`,
      ]);
    } finally {
      shell.close();
    }
  });

  it('still falls to the parser exploit: only a firmware update fixes that', async () => {
    const shell = await firstConsole(lab);
    try {
      expect((await shell.request(parserExploitLine))[0]).toMatch(/^OK logged in as A{64}$/);
    } finally {
      shell.close();
    }
  });

  it('seals every store and refuses an unsigned library', () => {
    for (const serial of lab.fleet.serials) {
      const pump = lab.fleet.pump(serial);
      expect(pump?.store.encrypted).toBe(true);
      expect(pump?.mediaPort.loadLibrary(sampleDrugLibraryBytes())).toMatchObject({
        outcome: 'rejected',
        reason: 'PUMP_SIGNATURE_REQUIRED',
      });
    }
  });
});

describe('after the labs closed', () => {
  it('leaves no TCP listener or socket open', async () => {
    await waitFor(() => openTcpHandles() <= baselineHandles, 'every TCP handle closed');
  });
});
