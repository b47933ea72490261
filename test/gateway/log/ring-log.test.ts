import { describe, expect, it } from 'vitest';
import { RingLog } from '../../../gateway/log/ring-log.ts';

interface Entry {
  at: number;
  name: string;
}

const entry = (at: number, name = `e${at}`): Entry => ({ at, name });
const everything = (): boolean => true;

describe('RingLog', () => {
  it('keeps only the newest `capacity` entries, newest first', () => {
    const log = new RingLog<Entry>(3);
    for (let at = 1; at <= 5; at += 1) log.record(entry(at));
    expect(log.query(everything, { limit: 10 }).map((e) => e.at)).toEqual([5, 4, 3]);
  });

  it('filters by predicate, since and limit', () => {
    const log = new RingLog<Entry>(10);
    for (let at = 1; at <= 8; at += 1) log.record(entry(at, at % 2 ? 'odd' : 'even'));
    const odd = (e: Entry): boolean => e.name === 'odd';
    expect(log.query(odd, { limit: 10 }).map((e) => e.at)).toEqual([7, 5, 3, 1]);
    expect(log.query(odd, { since: 4, limit: 10 }).map((e) => e.at)).toEqual([7, 5]);
    expect(log.query(everything, { limit: 2 }).map((e) => e.at)).toEqual([8, 7]);
  });

  it('tells subscribers of each new entry until they stop', () => {
    const log = new RingLog<Entry>(4);
    const seen: number[] = [];
    const stop = log.subscribe((e) => seen.push(e.at));
    log.record(entry(1));
    stop();
    log.record(entry(2));
    expect(seen).toEqual([1]);
  });

  it('streams new entries until the signal aborts', async () => {
    const log = new RingLog<Entry>(4);
    const controller = new AbortController();
    const streamed: number[] = [];
    const reading = (async () => {
      for await (const e of log.stream(controller.signal)) {
        streamed.push(e.at);
        if (streamed.length === 2) controller.abort();
      }
    })();
    await Promise.resolve();
    log.record(entry(1));
    log.record(entry(2));
    await reading;
    expect(streamed).toEqual([1, 2]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingLog<Entry>(0)).toThrow(RangeError);
    expect(() => new RingLog<Entry>(1.5)).toThrow(RangeError);
  });
});
