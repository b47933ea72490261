import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { ensureLabPki } from '../../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial } from '../../../../pki/tls/tls-material.ts';
import { EventStore } from '../../../../simulators/pump-server/event-store.ts';
import { openHl7Database } from '../../../../simulators/pump-server/hl7/hl7-database.ts';
import { Hl7Outbox, type OutboxEntry } from '../../../../simulators/pump-server/hl7/hl7-outbox.ts';
import { OutboxSender } from '../../../../simulators/pump-server/hl7/outbox-sender.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { outboxMessage, StandIn } from './hl7-server-lab.ts';

const entry = (destination: string, controlId: string): Parameters<Hl7Outbox['add']>[0] => ({
  destination,
  kind: 'pcd01',
  serial: 'PL00001',
  controlId,
  message: `MSH|^~\\&|PUMPSRV|PUMPLAB|EHR|PUMPLAB|||ORU^R01^ORU_R01|${controlId}|P|2.6`,
});

/** A fresh HL7 database in its own event store file. */
function freshDatabase(stateDir: string, name: string): { file: string; db: Database.Database } {
  const file = path.join(stateDir, `${name}.sqlite`);
  new Database(file).close();
  return { file, db: openHl7Database(file) };
}

/** Queues, then acknowledges, each control id in turn, as the sender does. */
function deliver(outbox: Hl7Outbox, destination: string, controlIds: string[], at = 0): void {
  for (const controlId of controlIds) {
    outbox.add(entry(destination, controlId), at);
    const head = outbox.next(destination) as OutboxEntry;
    outbox.markDelivered(head.id, at);
  }
}

/** The record of delivered messages: what the receiver acknowledged, bounded per destination. */
describe('the HL7 outbox record of delivered messages', () => {
  const stateDir = tempDir('pumplab-hl7-outbox-record-');

  describe('against a stand-in EHR', () => {
    const file = path.join(stateDir, 'pump-server', 'events.sqlite');
    const clock = new ManualClock(Date.UTC(2025, 2, 1, 8));
    const ehr = new StandIn(stateDir, 'ehr');

    const message = (controlId: string): string => outboxMessage(controlId, clock.now());

    beforeAll(async () => {
      ensureLabPki(stateDir, { pumps: 0 });
      EventStore.open(file).close();
      await ehr.up();
    });

    afterAll(async () => {
      await ehr.down();
    });

    it('lists a delivered control id, and neither a refused one nor one still pending', async () => {
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
        outbox.add({ ...entry('ehr', controlId), message: message(controlId) }, clock.now());
        sender.wake();
      };
      try {
        ehr.refuse.add('R1');
        add('D1');
        add('R1');
        await waitFor(() => outbox.counts().pending === 0, 'both settled');
        expect(outbox.deliveredControlIds('ehr')).toEqual(['D1']);

        await ehr.down();
        add('P1');
        await waitFor(
          () => (outbox.next('ehr')?.attempts ?? 0) > 0 || undefined,
          'a failed attempt to send P1',
        );
        expect(outbox.deliveredControlIds('ehr')).toEqual(['D1']);

        await ehr.up();
        clock.advance(1_000);
        sender.wake();
        await waitFor(() => outbox.counts().pending === 0, 'P1 delivered');
        expect(outbox.deliveredControlIds('ehr')).toEqual(['D1', 'P1']);
        expect(
          db.prepare("SELECT message, settled_at FROM hl7_outbox WHERE control_id = 'P1'").get(),
        ).toEqual({ message: '', settled_at: clock.now() });
      } finally {
        await sender.close();
        db.close();
      }
    });
  });

  it('keeps only the newest delivered rows of a destination beyond the cap, oldest pruned first', () => {
    const { db } = freshDatabase(stateDir, 'cap');
    const outbox = new Hl7Outbox(db, { deliveredKept: 3 });
    deliver(outbox, 'sender:CPOE', ['S1', 'S2']);
    outbox.add(entry('ehr', 'WAITING'), 0);
    outbox.add(entry('sender:CPOE', 'WAITING-TOO'), 0);
    // The pending head of the EHR's queue stays first in line: deliver the ehr rows behind it by id.
    for (const controlId of ['E1', 'E2', 'E3', 'E4', 'E5']) outbox.add(entry('ehr', controlId), 0);
    const rows = db.prepare("SELECT id, control_id FROM hl7_outbox WHERE control_id LIKE 'E%'").all() as {
      id: number;
    }[];
    for (const { id } of rows) outbox.markDelivered(id, 0);

    expect(outbox.deliveredControlIds('ehr')).toEqual(['E3', 'E4', 'E5']);
    expect(outbox.deliveredControlIds('sender:CPOE')).toEqual(['S1', 'S2']);
    expect(outbox.next('ehr')?.controlId).toBe('WAITING');
    expect(outbox.next('sender:CPOE')?.controlId).toBe('WAITING-TOO');
    expect(outbox.counts()).toEqual({ pending: 2, delivered: 7, refused: 0 });
    db.close();
  });

  it('prunes down to the cap a file written with a larger one, at its next delivery', () => {
    const { file, db } = freshDatabase(stateDir, 'reopened');
    deliver(new Hl7Outbox(db), 'ehr', ['A1', 'A2', 'A3', 'A4']);
    db.close();

    const reopened = openHl7Database(file);
    const outbox = new Hl7Outbox(reopened, { deliveredKept: 2 });
    expect(outbox.deliveredControlIds('ehr')).toEqual(['A1', 'A2', 'A3', 'A4']);
    deliver(outbox, 'ehr', ['A5']);
    expect(outbox.deliveredControlIds('ehr')).toEqual(['A4', 'A5']);
    deliver(outbox, 'ehr', ['A6']);
    expect(outbox.deliveredControlIds('ehr')).toEqual(['A5', 'A6']);
    reopened.close();
  });

  it('keeps no delivered row with a cap of 0, as before the record', () => {
    const { db } = freshDatabase(stateDir, 'none');
    const outbox = new Hl7Outbox(db, { deliveredKept: 0 });
    deliver(outbox, 'ehr', ['Z1', 'Z2']);
    expect(outbox.deliveredControlIds('ehr')).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM hl7_outbox').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a cap that is not a whole number of rows', () => {
    const { db } = freshDatabase(stateDir, 'bad-cap');
    expect(() => new Hl7Outbox(db, { deliveredKept: -1 })).toThrow(RangeError);
    expect(() => new Hl7Outbox(db, { deliveredKept: 2.5 })).toThrow(RangeError);
    db.close();
  });
});
