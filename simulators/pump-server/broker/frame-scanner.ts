/** Why a connection's byte stream was cut. */
export interface FrameViolation {
  kind: 'malformed' | 'oversized';
  detail: string;
}

/** Packet size limits, in bytes of remaining length (MQTT 3.1.1 2.2.3). */
export interface FrameLimits {
  /** The first packet, which must be CONNECT. */
  connect: number;
  /** Every packet after it. */
  other: number;
}

const connectType = 1;

/**
 * Reads only the fixed headers of an inbound MQTT 3.1.1 byte stream (section 2.2), skipping the
 * bodies arithmetically, so a packet's size is known from its first bytes. The broker's own parser
 * would otherwise buffer up to 256 MB waiting for a body a client announced and never sends: a
 * CONNECT claiming a remaining length of 268,435,455 is refused on its fifth byte instead.
 *
 * @example
 * const scanner = new FrameScanner({ connect: 16_384, other: 263_168 });
 * const violation = scanner.scan(chunk); // undefined while the stream is well-formed
 */
export class FrameScanner {
  private state: 'type' | 'length' | 'body' = 'type';
  private packets = 0;
  private packetType = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(private readonly limits: FrameLimits) {}

  /** Scans the next chunk; returns the first violation, after which the stream must be dropped. */
  scan(chunk: Buffer): FrameViolation | undefined {
    let index = 0;
    while (index < chunk.length) {
      if (this.state === 'body') {
        const skipped = Math.min(this.remaining, chunk.length - index);
        index += skipped;
        this.remaining -= skipped;
        if (this.remaining === 0) this.endPacket();
        continue;
      }
      const byte = chunk[index] as number;
      index += 1;
      const violation = this.state === 'type' ? this.readType(byte) : this.readLength(byte);
      if (violation) return violation;
    }
    return undefined;
  }

  private readType(byte: number): FrameViolation | undefined {
    this.packetType = byte >> 4;
    // MQTT-3.1.0-1: the first packet is CONNECT; MQTT-3.1.0-2: a second CONNECT is a violation.
    if (this.packets === 0 && this.packetType !== connectType) {
      return { kind: 'malformed', detail: `first packet has type ${this.packetType}, not CONNECT` };
    }
    if (this.packets > 0 && this.packetType === connectType) {
      return { kind: 'malformed', detail: 'a second CONNECT on one connection' };
    }
    // Types 0 and 15 are reserved and forbidden in MQTT 3.1.1 (2.2.1).
    if (this.packetType === 0 || this.packetType === 15) {
      return { kind: 'malformed', detail: `reserved packet type ${this.packetType}` };
    }
    this.state = 'length';
    this.length = 0;
    this.multiplier = 1;
    this.lengthBytes = 0;
    return undefined;
  }

  private readLength(byte: number): FrameViolation | undefined {
    this.length += (byte & 0x7f) * this.multiplier;
    this.multiplier *= 128;
    this.lengthBytes += 1;
    if (byte & 0x80) {
      // 2.2.3: at most four bytes encode the remaining length.
      return this.lengthBytes >= 4
        ? { kind: 'malformed', detail: 'remaining length longer than four bytes' }
        : undefined;
    }
    const limit = this.packets === 0 ? this.limits.connect : this.limits.other;
    if (this.length > limit) {
      return {
        kind: 'oversized',
        detail: `packet type ${this.packetType} announces ${this.length} bytes; the limit is ${limit}`,
      };
    }
    this.remaining = this.length;
    if (this.remaining === 0) this.endPacket();
    else this.state = 'body';
    return undefined;
  }

  private endPacket(): void {
    this.packets += 1;
    this.state = 'type';
  }
}
