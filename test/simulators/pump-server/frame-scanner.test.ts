import { describe, expect, it } from 'vitest';
import { FrameScanner } from '../../../simulators/pump-server/broker/frame-scanner.ts';

const limits = { connect: 100, other: 1000 };

/** A packet of `type` with a body of `length` bytes (MQTT 3.1.1 2.2: fixed header, remaining length). */
function packet(type: number, length: number): Buffer {
  const header = [type << 4];
  let value = length;
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    header.push(byte);
  } while (value > 0);
  return Buffer.concat([Buffer.from(header), Buffer.alloc(length, 0x61)]);
}

describe('the frame scanner', () => {
  it('passes a well-formed stream split at any byte', () => {
    const stream = Buffer.concat([packet(1, 40), packet(3, 900), packet(12, 0), packet(3, 130)]);
    for (const size of [1, 2, 7, 128, stream.length]) {
      const scanner = new FrameScanner(limits);
      for (let at = 0; at < stream.length; at += size) {
        expect(scanner.scan(stream.subarray(at, at + size))).toBeUndefined();
      }
    }
  });

  it('refuses a first packet that is not CONNECT (MQTT-3.1.0-1)', () => {
    expect(new FrameScanner(limits).scan(packet(3, 10))).toMatchObject({ kind: 'malformed' });
  });

  it('refuses a second CONNECT (MQTT-3.1.0-2)', () => {
    expect(new FrameScanner(limits).scan(Buffer.concat([packet(1, 10), packet(1, 10)]))).toMatchObject({
      kind: 'malformed',
      detail: 'a second CONNECT on one connection',
    });
  });

  it('refuses reserved packet types 0 and 15', () => {
    for (const type of [0, 15]) {
      const scanner = new FrameScanner(limits);
      scanner.scan(packet(1, 10));
      expect(scanner.scan(packet(type, 0))).toMatchObject({ kind: 'malformed' });
    }
  });

  it('refuses an oversized CONNECT from its length bytes alone', () => {
    expect(new FrameScanner(limits).scan(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]))).toMatchObject({
      kind: 'oversized',
      detail: expect.stringContaining('268435455'),
    });
    expect(new FrameScanner(limits).scan(packet(1, 101).subarray(0, 3))).toMatchObject({ kind: 'oversized' });
  });

  it('applies the larger limit after CONNECT', () => {
    const scanner = new FrameScanner(limits);
    expect(scanner.scan(Buffer.concat([packet(1, 100), packet(3, 1000)]))).toBeUndefined();
    expect(scanner.scan(packet(3, 1001).subarray(0, 3))).toMatchObject({ kind: 'oversized' });
  });

  it('refuses a remaining length encoded in more than four bytes (2.2.3)', () => {
    expect(new FrameScanner(limits).scan(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]))).toMatchObject({
      kind: 'malformed',
    });
  });
});
