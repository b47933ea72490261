import { describe, expect, it } from 'vitest';
import { frameMllp, MllpDecoder } from '../../../../simulators/hl7/mllp/mllp-framer.ts';

const first = 'MSH|^~\\&|A|B|C|D|20240105120000-0500||ADT^A01^ADT_A01|1|P|2.6\rEVN||20240105\r';
const second = 'MSH|^~\\&|A|B|C|D|20240105120000-0500||ADT^A08^ADT_A01|2|P|2.6\rEVN||20240105\r';
const texts = (frames: Buffer[]): string[] => frames.map((frame) => frame.toString('utf8'));

describe('the MLLP decoder', () => {
  it('wraps a message in SB ... EB CR', () => {
    const framed = frameMllp('MSH|x\r');
    expect([...framed.subarray(0, 1), ...framed.subarray(-2)]).toEqual([0x0b, 0x1c, 0x0d]);
    expect(framed.subarray(1, -2).toString()).toBe('MSH|x\r');
  });

  it('reassembles two frames split at every byte boundary', () => {
    const stream = Buffer.concat([frameMllp(first), frameMllp(second)]);
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const decoder = new MllpDecoder();
      const frames = [
        ...decoder.push(stream.subarray(0, cut)).frames,
        ...decoder.push(stream.subarray(cut)).frames,
      ];
      expect(texts(frames), `cut at ${cut}`).toEqual([first, second]);
      expect(decoder.totalGarbageBytes).toBe(0);
      expect(decoder.inFrame).toBe(false);
    }
  });

  it('reassembles a frame fed one byte at a time', () => {
    const decoder = new MllpDecoder();
    const frames = [...frameMllp(first)].flatMap((byte) => decoder.push(Buffer.of(byte)).frames);
    expect(texts(frames)).toEqual([first]);
  });

  it('returns coalesced frames in order from one chunk', () => {
    const decoder = new MllpDecoder();
    const result = decoder.push(Buffer.concat([frameMllp(first), frameMllp(second), frameMllp(first)]));
    expect(texts(result.frames)).toEqual([first, second, first]);
  });

  it('counts and drops garbage between frames, tolerating CR and LF', () => {
    const decoder = new MllpDecoder();
    const garbage = Buffer.from('GET / HTTP/1.1\r\n');
    const result = decoder.push(
      Buffer.concat([garbage, frameMllp(first), Buffer.from('\r\n'), Buffer.from('xx'), frameMllp(second)]),
    );
    expect(texts(result.frames)).toEqual([first, second]);
    expect(result.garbageBytes).toBe('GET / HTTP/1.1'.length + 2);
  });

  it('drops a frame cut off by a new start block and keeps the next', () => {
    const decoder = new MllpDecoder();
    const cut = Buffer.concat([Buffer.of(0x0b), Buffer.from('MSH|trunc'), frameMllp(second)]);
    const result = decoder.push(cut);
    expect(texts(result.frames)).toEqual([second]);
    expect(result.garbageBytes).toBe(1 + 'MSH|trunc'.length);
  });

  it('keeps an EB not followed by CR inside the content', () => {
    const decoder = new MllpDecoder();
    const content = Buffer.from('MSH|\x1cA\r');
    expect(decoder.push(frameMllp(content)).frames).toEqual([content]);
  });

  it('fails on a frame larger than maxFrameBytes and accepts nothing after', () => {
    const decoder = new MllpDecoder({ maxFrameBytes: 100 });
    expect(decoder.push(frameMllp('x'.repeat(100))).frames).toHaveLength(1);
    const result = decoder.push(Buffer.concat([Buffer.of(0x0b), Buffer.alloc(60, 0x41)]));
    expect(result.oversized).toBe(false);
    expect(decoder.push(Buffer.alloc(41, 0x41)).oversized).toBe(true);
    expect(decoder.isFailed).toBe(true);
    expect(decoder.push(frameMllp(first))).toEqual({ frames: [], garbageBytes: 0, oversized: true });
  });

  it('fails on an oversized frame that arrives whole, yielding no frame', () => {
    const decoder = new MllpDecoder({ maxFrameBytes: 100 });
    expect(decoder.push(Buffer.concat([frameMllp('y'.repeat(101)), frameMllp(first)]))).toEqual({
      frames: [],
      garbageBytes: 0,
      oversized: true,
    });
  });

  it('reports a frame in progress until its end block arrives', () => {
    const decoder = new MllpDecoder();
    const framed = frameMllp(first);
    decoder.push(framed.subarray(0, 10));
    expect(decoder.inFrame).toBe(true);
    decoder.push(framed.subarray(10, -1));
    expect(decoder.inFrame).toBe(true);
    expect(decoder.push(framed.subarray(-1)).frames).toHaveLength(1);
    expect(decoder.inFrame).toBe(false);
  });
});
