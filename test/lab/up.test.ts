import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabDescription } from '../../lab/embedded/lab-description.ts';
import { EventStore } from '../../simulators/pump-server/event-store.ts';
import type { PumpRecord } from '../../simulators/pump-server/ports.ts';
import { anyFreePorts, getJson, spawnUp, type RunningUp } from '../helpers/spawn-up.ts';
import { gatewayEndpoint } from '../helpers/lab-network.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

interface UpJson {
  pki: { created: boolean };
  lab: LabDescription;
}

/** Ctrl-C must close the lab promptly: the fleet, the HTTPS and MQTT servers, the store. */
const stopBoundMs = 15_000;

/** `pumplab up` as a user runs it: a real zoned lab on free ports, reached through its gateway, then Ctrl-C. */
describe('pumplab up', () => {
  const dir = path.join(tempDir('pumplab-up-'), 'state');
  let up: RunningUp<UpJson>;
  let lab: LabDescription;
  /** Biomedical engineering's workstation: the zone the segmented policy lets manage the pump server. */
  const fromBiomed = { localAddress: '127.50.0.10', servername: 'pump-server' };
  const restThroughGateway = (): string => {
    const { host, port } = gatewayEndpoint(lab, 'rest');
    return `https://${host}:${port}`;
  };

  beforeAll(async () => {
    up = spawnUp<UpJson>(['--dir', dir, '--pumps', '6', '--clock-speed', '60', ...anyFreePorts, '--json']);
    ({ lab } = await up.started);
  });

  afterAll(async () => {
    await up?.stop('SIGKILL');
  });

  it('prints one JSON document naming the MQTT and REST URLs, the ward and the clock', () => {
    expect(lab.mqtt.url).toMatch(/^mqtts:\/\/127\.20\.0\.10:\d+$/);
    expect(lab.rest.url).toMatch(/^https:\/\/127\.20\.0\.10:\d+$/);
    expect(lab.network.gateway?.map((endpoint) => endpoint.service)).toContain('rest');
    expect(lab.rest.openapi).toBe(`${lab.rest.url}/api/v1/openapi.json`);
    expect(lab).toMatchObject({ pumps: 6, clockSpeed: 60 });
    expect(lab.infusing).toBeGreaterThanOrEqual(1);
  });

  it('serves the ward over HTTPS: six pumps online, some infusing', async () => {
    const pumps = await waitFor(async () => {
      const { status, body } = await getJson<{ items: PumpRecord[] }>(
        `${restThroughGateway()}/api/v1/pumps`,
        lab.rootCertificate,
        fromBiomed,
      );
      expect(status).toBe(200);
      const online = body.items.filter((pump) => pump.online);
      return online.length === 6 && online.some((pump) => pump.state === 'infusing') ? online : undefined;
    }, 'six pumps online and one infusing');
    expect(pumps.map((pump) => pump.serial)).toEqual([
      'PL00001',
      'PL00002',
      'PL00003',
      'PL00004',
      'PL00005',
      'PL00006',
    ]);
  });

  it('serves its OpenAPI document', async () => {
    const { status, body } = await getJson<{ openapi: string; paths: Record<string, unknown> }>(
      `${restThroughGateway()}/api/v1/openapi.json`,
      lab.rootCertificate,
      fromBiomed,
    );
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/pumps', '/api/v1/events']));
  });

  it('stops cleanly on SIGINT, leaving an event store that reopens with the ward in it', async () => {
    const exit = await up.stop('SIGINT');
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stoppedInMs).toBeLessThan(stopBoundMs);
    expect(exit.stderr).toContain('the lab stopped');
    const store = EventStore.open(lab.eventStore);
    try {
      expect(store.events.count()).toBeGreaterThan(0);
      expect(store.events.count({ type: 'infusion-started' })).toBeGreaterThanOrEqual(1);
      expect(store.inventory.counts()).toEqual({ known: 6, online: 0 });
    } finally {
      store.close();
    }
  });
});
