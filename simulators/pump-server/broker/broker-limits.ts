/**
 * The broker's limits in one object, each with its unit. They bound what one client can make the
 * server hold (SP 1800-8 Vol B 4.5: the server stays available when one device misbehaves).
 */
export interface BrokerLimits {
  /** Bytes. Largest payload a pump may publish (status, events, command results, presence). */
  pumpPayloadBytes: number;
  /**
   * Bytes. Largest MQTT packet (remaining length, MQTT 3.1.1 2.2.3) from a pump or an anonymous
   * client: the payload cap plus room for the topic and packet identifier.
   */
  pumpFrameBytes: number;
  /** Bytes. Largest packet from a lab service certificate, which may publish commands with firmware. */
  serviceFrameBytes: number;
  /** Bytes. Largest CONNECT packet: a client id, a will on its presence topic, credentials. */
  connectFrameBytes: number;
  /** Connections. Sockets open at once; more are dropped before the TLS handshake. */
  maxConnections: number;
  /** Characters. A pump's client id is its serial (up to 32); services use their names. */
  maxClientIdLength: number;
  /** Milliseconds. TLS handshake must finish within this (Node's default is 120 s). */
  handshakeTimeoutMs: number;
  /** Milliseconds. CONNECT must follow the handshake within this (MQTT 3.1.1 3.1: "reasonable amount of time"). */
  connectTimeoutMs: number;
  /** Seconds. Largest keep-alive a client may ask for; the contract's pumps use 30 s. */
  keepaliveLimitSeconds: number;
  /** Milliseconds. A client that stops reading is dropped after this, so it cannot stall delivery to others. */
  drainTimeoutMs: number;
  /** Topic levels. The contract's topics have five. */
  maxTopicLevels: number;
}

export const brokerDefaults: BrokerLimits = {
  pumpPayloadBytes: 256 * 1024,
  pumpFrameBytes: 256 * 1024 + 1024,
  // An install-firmware command carries up to 8 MB of base64 image (server-commands.ts).
  serviceFrameBytes: 12 * 1024 * 1024,
  connectFrameBytes: 16 * 1024,
  maxConnections: 20_000,
  maxClientIdLength: 64,
  handshakeTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  keepaliveLimitSeconds: 300,
  drainTimeoutMs: 30_000,
  maxTopicLevels: 8,
};
