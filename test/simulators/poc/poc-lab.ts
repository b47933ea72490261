import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import express from 'express';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial, serverTlsOptions, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { InfusionOrder } from '../../../simulators/ehr/infusion-order.ts';
import type { Patient } from '../../../simulators/ehr/patient.ts';
import { buildAck } from '../../../simulators/hl7/message/ack.ts';
import { parseHl7, type ParsedHl7 } from '../../../simulators/hl7/message/hl7-parse.ts';
import { MllpClient } from '../../../simulators/hl7/mllp/mllp-client.ts';
import { frameMllp, MllpDecoder } from '../../../simulators/hl7/mllp/mllp-framer.ts';
import { startMllpServer, type MllpServer } from '../../../simulators/hl7/mllp/mllp-server.ts';
import type { PivError } from '../../../simulators/hl7/pcd/piv-errors.ts';
import { buildRrgO16 } from '../../../simulators/hl7/pcd/rrg-o16.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** The lab PKI (ensureLabPki) in a temp dir, and the three identities the tests use. */
export function pocPki(): { poc: TlsMaterial; pumpServer: TlsMaterial; ehr: TlsMaterial } {
  const dir = tempDir('pumplab-poc-');
  ensureLabPki(dir, { pumps: 0 });
  return {
    poc: loadTlsMaterial(dir, 'poc-1'),
    pumpServer: loadTlsMaterial(dir, 'pump-server'),
    ehr: loadTlsMaterial(dir, 'ehr'),
  };
}

/** A stand-in EHR: the four routes the workstation uses over HTTPS (mutual TLS), with a log of calls. */
export interface StandInEhr {
  port: number;
  /** `GET /api/v1/orders/ORD5000`, `PATCH ORD5000 in-progress`... in order. */
  calls: string[];
  orders: Map<string, InfusionOrder>;
  close(): Promise<void>;
}

export async function startStandInEhr(
  material: TlsMaterial,
  patient: Patient,
  orders: readonly InfusionOrder[],
): Promise<StandInEhr> {
  const byId = new Map(orders.map((order) => [order.orderId, { ...order }]));
  const calls: string[] = [];
  const app = express();
  app.use(express.json());
  const notFound = (res: express.Response) =>
    res
      .status(404)
      .type('application/problem+json')
      .json({ code: 'EHR_NOT_FOUND', detail: 'no such record' });
  app.get('/api/v1/patients/:mrn', (req, res) => {
    calls.push(`GET patient ${req.params.mrn}`);
    // MRN999999 answers a body that is not a patient, as a broken EHR would.
    if (req.params.mrn === 'MRN999999') res.json({ mrn: 'MRN999999' });
    else if (req.params.mrn === patient.mrn) res.json(patient);
    else notFound(res);
  });
  app.get('/api/v1/orders', (req, res) => {
    calls.push('GET orders');
    const { mrn, status } = req.query;
    const items = [...byId.values()].filter(
      (o) => (!mrn || o.mrn === mrn) && (!status || o.status === status),
    );
    res.json({ items });
  });
  app.get('/api/v1/orders/:orderId', (req, res) => {
    calls.push(`GET order ${req.params.orderId}`);
    const order = byId.get(req.params.orderId);
    if (order) res.json(order);
    else notFound(res);
  });
  app.patch('/api/v1/orders/:orderId', (req, res) => {
    const order = byId.get(req.params.orderId);
    const status = (req.body as { status?: InfusionOrder['status'] }).status;
    calls.push(`PATCH ${req.params.orderId} ${String(status)}`);
    if (!order || !status) return notFound(res);
    if (order.status !== status && (order.status === 'completed' || order.status === 'discontinued')) {
      return res.status(409).type('application/problem+json').json({ code: 'EHR_ORDER_TRANSITION_INVALID' });
    }
    order.status = status;
    res.json(order);
  });
  const server = https.createServer(
    serverTlsOptions(material, { requireClientCert: true, checkRevocation: false }),
    app,
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    orders: byId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** How the stand-in pump server answers: accept, or refuse with these ERR entries and MSA-1. */
export type PumpServerAnswer =
  { accepted: true } | { accepted: false; errors: PivError[]; ackCode: 'AE' | 'AR' };

/** A stand-in pump server PCD-03 listener: startMllpServer on mutual TLS, answering RRG^O16. */
export interface StandInPumpServer {
  server: MllpServer;
  received: ParsedHl7[];
  /** The certificate name of each client that sent an order. */
  senders: (string | undefined)[];
  answer: PumpServerAnswer;
}

export async function startStandInPumpServer(material: TlsMaterial): Promise<StandInPumpServer> {
  const standIn: Omit<StandInPumpServer, 'server'> = {
    received: [],
    senders: [],
    answer: { accepted: true },
  };
  let sequence = 0;
  const server = await startMllpServer({
    tls: { material, policy: { requireClientCert: true, checkRevocation: false } },
    handler: async (parsed, context) => {
      standIn.received.push(parsed);
      standIn.senders.push(context.identity?.commonName);
      const answer = standIn.answer;
      sequence += 1;
      return buildRrgO16(parsed, { ...answer, controlId: `RRG${sequence}`, at: Date.now() });
    },
  });
  return Object.assign(standIn, { server });
}

/** What the two-step stand-in saw, and the inbox's answers to the RRG^O16 it routed. */
export interface TwoStepPumpServer {
  port: number;
  received: ParsedHl7[];
  /** MSA-1 of the inbox's answer to each routed RRG^O16. */
  inboxAnswers: string[];
  close(): Promise<void>;
}

/**
 * A pump server that first sends the accept acknowledgement ACK^O15 (MSA-1 CA, HL7 v2.6 2.9.3) and
 * then the RRG^O16: on the same connection, or, with `route` (IHE PCD TF-2 Appendix G.1), on a new
 * mutual-TLS connection to the workstation's inbox, through the lab's MllpClient.
 */
export async function startTwoStepPumpServer(
  material: TlsMaterial,
  answer: PumpServerAnswer,
  route?: () => { host: string; port: number },
): Promise<TwoStepPumpServer> {
  const received: ParsedHl7[] = [];
  const inboxAnswers: string[] = [];
  const sockets = new Set<tls.TLSSocket>();
  const clients: MllpClient[] = [];
  const policy = { requireClientCert: true, checkRevocation: false };
  const server = tls.createServer(serverTlsOptions(material, policy));
  const sendRrg = async (socket: tls.TLSSocket, rrg: string): Promise<void> => {
    const target = route?.();
    if (!target) return void socket.write(frameMllp(rrg));
    const client = new MllpClient({ ...target, tls: { material, policy: { checkRevocation: false } } });
    clients.push(client);
    inboxAnswers.push((await client.send(rrg)).segment('MSA')?.field(1) ?? '');
  };
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    const decoder = new MllpDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk).frames) {
        const parsed = parseHl7(frame.toString('utf8'));
        received.push(parsed);
        const responder = { app: 'PUMPSRV', facility: 'PUMPLAB' };
        socket.write(frameMllp(buildAck(parsed, { code: 'CA', responder, messageType: 'ACK^O15^ACK' })));
        const rrg = buildRrgO16(parsed, { ...answer, controlId: 'RRG-2', at: Date.now() });
        setTimeout(() => void sendRrg(socket, rrg), 50);
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received,
    inboxAnswers,
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
