import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { DecisionRecord } from '../../../gateway/enforcement/decision-log.ts';
import { requestAdmission } from '../../../simulators/pump/network/network-admission.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { credentialsOf } from '../admission/admission-lab.ts';
import type { StreamClient } from './api-client.ts';
import { biomedHost, labPki, laptop, startApiLab, topology, type ApiLab } from './gateway-api-lab.ts';

const heartbeatMs = 100;
const maxBacklogBytes = 64 * 1024;
const stateDir = labPki();
let lab: ApiLab;
/** Subscriptions the API holds on each log right now. */
const live = { decisions: 0, alerts: 0, admissions: 0 };

/** Counts the live subscriptions to `log`: subscribe adds one, the function it returns takes it back. */
function countSubscriptions(log: { subscribe(listener: never): () => void }, key: keyof typeof live): void {
  const subscribe = log.subscribe.bind(log);
  vi.spyOn(log, 'subscribe').mockImplementation((listener: never) => {
    live[key] += 1;
    const stop = subscribe(listener);
    let stopped = false;
    return () => {
      if (!stopped) live[key] -= 1;
      stopped = true;
      stop();
    };
  });
}

beforeAll(async () => {
  lab = await startApiLab(stateDir, { heartbeatMs, maxBacklogBytes });
  countSubscriptions(lab.gateway.decisions, 'decisions');
  countSubscriptions(lab.monitor.alerts, 'alerts');
  countSubscriptions(lab.admission.log, 'admissions');
});
afterAll(() => lab.close());

/** Waits until the streams of earlier tests (closed as each test ended) have let go of the logs. */
const allReleased = (): Promise<boolean> =>
  waitFor(() => Object.values(live).every((count) => count === 0), 'earlier streams released');

async function open(): Promise<StreamClient> {
  const stream = await lab.openStream();
  onTestFinished(() => stream.close());
  return stream;
}

describe('GET /api/v1/events/stream', () => {
  it('is an event stream that carries each gateway decision as it is made', async () => {
    const stream = await open();
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.response.headers['cache-control']).toBe('no-store');
    await lab.connect(biomedHost, 'rest');
    const { data } = await stream.next('decision');
    expect(data).toEqual({
      at: lab.clock.now(),
      fromAddress: biomedHost,
      fromZone: 'biomed',
      toZone: 'clinical-servers',
      service: 'rest',
      verdict: 'allow',
      rule: expect.objectContaining({ policy: 'segmented', number: expect.any(Number) }),
    });
  });

  it('carries the monitor’s alert after a scan, and admission decisions, on the same stream', async () => {
    const stream = await open();
    lab.clock.advance(120_000);
    for (const service of ['mqtt', 'hl7', 'pump-maintenance']) await lab.connect(laptop, service);
    const alert = await stream.next('alert', (data) => data['kind'] === 'port-scan');
    expect(alert.data).toMatchObject({ severity: 'high', source: { address: laptop, zone: 'enterprise' } });
    // The monitor hears the third decision before the stream does, so its alert may come first.
    const decided = stream.events.filter((event) => event.event === 'decision');
    expect(decided.map((event) => event.data['service'])).toEqual(['mqtt', 'hl7', 'pump-maintenance']);
    const host = topology.zone('pump-network')?.gateway ?? '';
    const tls = credentialsOf(stateDir, 'pump-PL00001');
    await requestAdmission({ host, port: lab.admission.port, localAddress: '127.10.0.58', tls });
    expect((await stream.next('admission')).data).toMatchObject({ verdict: 'admitted', identity: 'PL00001' });
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const stream = await open();
    await waitFor(() => stream.comments.includes('heartbeat'), 'a heartbeat', 5_000);
    expect(stream.events).toEqual([]);
  });

  it('releases every subscription when the client disconnects', async () => {
    await allReleased();
    const streams = [await open(), await open()];
    expect(live).toEqual({ decisions: 2, alerts: 2, admissions: 2 });
    streams[0]?.close();
    await waitFor(() => live.decisions === 1, 'the first stream released');
    expect(live).toEqual({ decisions: 1, alerts: 1, admissions: 1 });
    streams[1]?.close();
    await waitFor(() => live.decisions === 0, 'the second stream released');
    expect(live).toEqual({ decisions: 0, alerts: 0, admissions: 0 });
  });

  it('answers HEAD with the headers alone, holding no subscription', async () => {
    await allReleased();
    const reply = await lab.request('HEAD', '/api/v1/events/stream');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(live).toEqual({ decisions: 0, alerts: 0, admissions: 0 });
  });

  it('drops a client that stops reading, once it is too far behind, and keeps serving one that reads', async () => {
    await allReleased();
    const reader = await open();
    const stalled = await open();
    stalled.response.pause();
    const sent: DecisionRecord[] = [];
    // Far more than the socket buffers and the 64 KiB backlog hold, in bursts the reader keeps up with.
    for (let burst = 0; burst < 400 && live.decisions > 1; burst += 1) {
      for (let i = 0; i < 200; i += 1) {
        const decision = synthetic(sent.length);
        sent.push(decision);
        lab.gateway.decisions.record(decision);
      }
      await nextTurn();
    }
    expect(live).toEqual({ decisions: 1, alerts: 1, admissions: 1 });
    await waitFor(
      () => reader.events.filter((event) => event.event === 'decision').length === sent.length,
      'the reader to get every decision',
    );
    expect(reader.response.destroyed).toBe(false);
  });
});

/** A decision of a biomed host reaching the pump server's API: no detector takes it for an attack. */
function synthetic(index: number): DecisionRecord {
  return {
    at: lab.clock.now(),
    fromAddress: '127.50.0.99',
    fromZone: 'biomed',
    toZone: 'clinical-servers',
    service: 'rest',
    verdict: 'allow',
    rule: { policy: 'segmented', number: index, line: null, why: 'a burst to fill a slow client' },
  };
}
