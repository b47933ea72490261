/**
 * MLLP framing (HL7 v2 Transport Specification, MLLP Release 2, section 2: block format): a message
 * travels as `<SB> data <EB><CR>`, SB = 0x0B, EB = 0x1C, CR = 0x0D. TCP delivers a frame in any
 * number of pieces and several frames in one piece; the decoder reassembles them.
 */

/** The MLLP block characters (MLLP R2 2.1). */
export const mllpBytes = { start: 0x0b, end: 0x1c, carriageReturn: 0x0d } as const;

/** Defaults of a decoder. */
export const framerDefaults = {
  /** Largest frame content accepted, in bytes (1 MiB): a 200 KB message already blocks ~270 ms. */
  maxFrameBytes: 1024 * 1024,
};

/**
 * Wraps one message in an MLLP block.
 *
 * @example socket.write(frameMllp(ackText))
 */
export function frameMllp(message: string | Buffer): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return Buffer.concat([
    Buffer.of(mllpBytes.start),
    body,
    Buffer.of(mllpBytes.end, mllpBytes.carriageReturn),
  ]);
}

/** What one {@link MllpDecoder.push} found. */
export interface MllpDecodeResult {
  /** Complete frame contents, in order, without the block characters. */
  frames: Buffer[];
  /**
   * Bytes dropped in this push: bytes outside any frame, and the start of a frame cut off by a new
   * start block. CR and LF between frames are tolerated and not counted.
   */
  garbageBytes: number;
  /** True once a frame outgrew maxFrameBytes: the decoder then accepts nothing more. */
  oversized: boolean;
}

/**
 * A streaming MLLP decoder for one connection. Memory is bounded by maxFrameBytes: garbage is
 * counted and dropped at once, and a frame beyond the cap fails the decoder (the caller closes the
 * connection, MLLP R2 having no way to skip the rest of a block).
 *
 * @example
 * const decoder = new MllpDecoder();
 * socket.on('data', (chunk) => { const { frames } = decoder.push(chunk); frames.forEach(handle); });
 */
export class MllpDecoder {
  private readonly maxFrameBytes: number;
  private parts: Buffer[] = [];
  private size = 0;
  private inside = false;
  /** The last byte of the previous push was EB: the frame ends if this push starts with CR. */
  private endPending = false;
  private failed = false;
  /** Garbage dropped over the decoder's life, in bytes. */
  totalGarbageBytes = 0;

  constructor(options: { maxFrameBytes?: number } = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? framerDefaults.maxFrameBytes;
  }

  /** True while a frame has started and not yet ended: the read timeout runs then. */
  get inFrame(): boolean {
    return this.inside;
  }

  /** True after an oversized frame. */
  get isFailed(): boolean {
    return this.failed;
  }

  /** Feeds the next bytes read from the connection. */
  push(chunk: Buffer): MllpDecodeResult {
    const result: MllpDecodeResult = { frames: [], garbageBytes: 0, oversized: this.failed };
    if (this.failed || chunk.length === 0) return result;
    let at = 0;
    if (this.endPending) {
      this.endPending = false;
      if (chunk[0] === mllpBytes.carriageReturn) {
        this.finish(result);
        at = 1;
      } else this.append(Buffer.of(mllpBytes.end), result);
    }
    while (at < chunk.length && !this.failed)
      at = this.inside ? this.readInside(chunk, at, result) : this.readOutside(chunk, at, result);
    this.totalGarbageBytes += result.garbageBytes;
    result.oversized = this.failed;
    return result;
  }

  /** Outside a frame: skip to the next start block, counting what is skipped. */
  private readOutside(chunk: Buffer, at: number, result: MllpDecodeResult): number {
    const start = chunk.indexOf(mllpBytes.start, at);
    const end = start < 0 ? chunk.length : start;
    for (let i = at; i < end; i += 1) {
      const byte = chunk[i];
      if (byte !== mllpBytes.carriageReturn && byte !== 0x0a) result.garbageBytes += 1;
    }
    if (start >= 0) this.inside = true;
    return start < 0 ? chunk.length : start + 1;
  }

  /** Inside a frame: collect up to EB CR; a new SB means the frame was cut off and is dropped. */
  private readInside(chunk: Buffer, at: number, result: MllpDecodeResult): number {
    const end = chunk.indexOf(mllpBytes.end, at);
    const restart = chunk.indexOf(mllpBytes.start, at);
    if (restart >= 0 && (end < 0 || restart < end)) {
      result.garbageBytes += this.size + (restart - at) + 1;
      this.reset();
      this.inside = true;
      return restart + 1;
    }
    if (end < 0) {
      this.append(chunk.subarray(at), result);
      return chunk.length;
    }
    if (end === chunk.length - 1) {
      this.append(chunk.subarray(at, end), result);
      this.endPending = true;
      return chunk.length;
    }
    if (chunk[end + 1] === mllpBytes.carriageReturn) {
      this.append(chunk.subarray(at, end), result);
      this.finish(result);
      return end + 2;
    }
    // EB without CR is not an end block: it stays in the content, and the parser refuses it.
    this.append(chunk.subarray(at, end + 1), result);
    return end + 1;
  }

  private append(bytes: Buffer, result: MllpDecodeResult): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxFrameBytes) {
      this.failed = true;
      result.oversized = true;
      this.reset();
      return;
    }
    this.parts.push(bytes);
  }

  private finish(result: MllpDecodeResult): void {
    if (this.failed) return;
    result.frames.push(
      this.parts.length === 1 ? Buffer.from(this.parts[0] as Buffer) : Buffer.concat(this.parts),
    );
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.inside = false;
  }
}
