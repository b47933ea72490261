import tls from 'node:tls';
import { controlIds, type ControlId } from '../../../scenarios/controls/controls.ts';
import { settingsFor, type LabSettings } from '../../../scenarios/controls/lab-settings.ts';
import type { Endpoint } from '../../../scenarios/engine/lab-under-test.ts';
import { readAck } from '../../../simulators/hl7/message/ack-reader.ts';
import { parseHl7 } from '../../../simulators/hl7/message/hl7-parse.ts';
import { frameMllp, MllpDecoder } from '../../../simulators/hl7/mllp/mllp-framer.ts';

/** The 2015 hospital: no control. */
export const noControls: LabSettings = settingsFor(new Set());

/** SP 1800-8 built out: every control. */
export const everyControl: LabSettings = settingsFor(new Set(controlIds));

/** A hospital that segmented and bought PKI, but never patched or hardened its pumps. */
export const segmentedUnpatched: LabSettings = settingsFor(
  new Set<ControlId>([
    'segmentation',
    'mutual-tls',
    'broker-authorization',
    'revocation-checks',
    'monitoring',
  ]),
);

/** What a client saw of the broker: an MQTT CONNACK, the connection cut, or nothing at all. */
export type BrokerAnswer = 'connack' | 'refused' | 'silent';

/**
 * Connects to the broker at `endpoint` over TLS from `localAddress`, presenting `credential` when
 * given, and sends an MQTT 3.1.1 CONNECT (3.1): resolves with what came back. Under TLS 1.3 the server
 * checks the client certificate after the client's Finished, so a refusal shows as the connection
 * cut after the client thought the handshake done, never as a CONNACK.
 */
export function connectToBroker(
  endpoint: Endpoint,
  options: { localAddress: string; ca: string; credential?: { certificatePem: string; keyPem: string } },
  clientId = 'scenario-lab-probe',
): Promise<BrokerAnswer> {
  const id = Buffer.from(clientId, 'utf8');
  // Protocol name MQTT, level 4, clean session, keep alive 60 s; then the client identifier.
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c]);
  const payload = Buffer.concat([Buffer.from([0x00, id.length]), id]);
  const connect = Buffer.concat([Buffer.from([0x10, variable.length + payload.length]), variable, payload]);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.servername ? { servername: endpoint.servername } : {}),
      ca: options.ca,
      ...(options.credential
        ? { cert: options.credential.certificatePem, key: options.credential.keyPem }
        : {}),
      // @types/node leaves localAddress out of tls.ConnectionOptions; tls.connect takes it (net's).
      ...{ localAddress: options.localAddress },
    });
    const timer = setTimeout(() => settle('silent'), 10_000);
    const settle = (answer: BrokerAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.once('secureConnect', () => socket.write(connect));
    // CONNACK is packet type 2 (MQTT 3.1.1 3.2).
    socket.once('data', (chunk: Buffer) => settle(chunk[0] === 0x20 ? 'connack' : 'refused'));
    socket.once('error', () => settle('refused'));
    socket.once('close', () => settle('refused'));
  });
}

/**
 * Sends one HL7 v2 message over MLLP (MLLP R2: `0x0B message 0x1C 0x0D`) and TLS with no client
 * certificate from `localAddress`; resolves with MSA-1 of the acknowledgement, or 'refused'.
 */
export function sendHl7(
  endpoint: Endpoint,
  localAddress: string,
  ca: string,
  message: string,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.servername ? { servername: endpoint.servername } : {}),
      ca,
      ...{ localAddress },
    });
    const decoder = new MllpDecoder({ maxFrameBytes: 1024 * 1024 });
    const timer = setTimeout(() => settle('silent'), 10_000);
    const settle = (answer: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.once('secureConnect', () => socket.write(frameMllp(message)));
    socket.on('data', (chunk: Buffer) => {
      const [frame] = decoder.push(chunk).frames;
      if (frame) settle(readAck(parseHl7(frame.toString('utf8'))).code);
    });
    socket.once('error', () => settle('refused'));
    socket.once('close', () => settle('refused'));
  });
}
