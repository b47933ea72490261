import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { ensureLabPki } from '../../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial } from '../../../../pki/tls/tls-material.ts';
import { EventStore } from '../../../../simulators/pump-server/event-store.ts';
import { openHl7Database } from '../../../../simulators/pump-server/hl7/hl7-database.ts';
import { Hl7Outbox } from '../../../../simulators/pump-server/hl7/hl7-outbox.ts';
import { OutboxSender } from '../../../../simulators/pump-server/hl7/outbox-sender.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { outboxMessage, StandIn } from './hl7-server-lab.ts';

/** The durable outbox and its sender against a stand-in EHR that goes away and comes back. */
describe('the HL7 outbox', () => {
  const stateDir = tempDir('pumplab-hl7-outbox-');
  const file = path.join(stateDir, 'pump-server', 'events.sqlite');
  const clock = new ManualClock(Date.UTC(2025, 2, 1, 8));
  const ehr = new StandIn(stateDir, 'ehr');

  const message = (controlId: string): string => outboxMessage(controlId, clock.now());

  const open = () => {
    const db = openHl7Database(file);
    const outbox = new Hl7Outbox(db);
    const sender = new OutboxSender({
      destination: 'ehr',
      peer: { host: '127.0.0.1', port: ehr.port },
      outbox,
      tls: { material: loadTlsMaterial(stateDir, 'pump-server'), policy: { checkRevocation: false } },
      clock,
      logger: silentLogger,
      retryInitialMs: 20,
      retryMaxMs: 100,
    });
    const add = (controlId: string) => {
      outbox.add(
        { destination: 'ehr', kind: 'pcd01', serial: 'PL00001', controlId, message: message(controlId) },
        0,
      );
      sender.wake();
    };
    return { db, outbox, sender, add };
  };

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: 0 });
    EventStore.open(file).close();
    await ehr.up();
  });

  afterAll(async () => {
    await ehr.down();
  });

  it('keeps what the EHR did not acknowledge across a restart, and delivers it in order once the EHR is back', async () => {
    await ehr.down();
    const first = open();
    for (const id of ['M1', 'M2', 'M3']) first.add(id);
    await waitFor(
      () => first.db.prepare('SELECT max(attempts) AS n FROM hl7_outbox').get() as { n: number },
      'a failed attempt',
    );
    await first.sender.close();
    first.db.close();

    await ehr.up();
    const second = open();
    second.sender.wake();
    await waitFor(() => second.outbox.counts().pending === 0, 'the outbox drained');
    expect(ehr.messages.map((m) => m.controlId)).toEqual(['M1', 'M2', 'M3']);
    expect(second.outbox.counts()).toEqual({ pending: 0, delivered: 3, refused: 0 });
    await second.sender.close();
    second.db.close();
  });

  it('records a refusal (AE) once and moves on to the next message', async () => {
    ehr.refuse.add('BAD1');
    const box = open();
    box.add('BAD1');
    box.add('OK1');
    await waitFor(() => box.outbox.counts().pending === 0, 'both settled');
    expect(box.outbox.refused()).toEqual([
      expect.objectContaining({ controlId: 'BAD1', ackCode: 'AE', kind: 'pcd01' }),
    ]);
    expect(ehr.messages.filter((m) => m.controlId === 'BAD1')).toHaveLength(1);
    expect(ehr.messages.at(-1)?.controlId).toBe('OK1');
    await box.sender.close();
    box.db.close();
  });
});
