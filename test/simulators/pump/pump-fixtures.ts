import crypto from 'node:crypto';
import { expect } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { PumplabError, isPumplabError, type ErrorCode } from '../../../core/errors.ts';
import { seededRandom } from '../../../core/random.ts';
import {
  commandResultSchema,
  eventSchema,
  statusSchema,
  type StatusMessage,
} from '../../../simulators/contract/pump-messages.ts';
import type { Command, ProgramOrder } from '../../../simulators/contract/server-commands.ts';
import { Pump, type OutgoingMessage, type PumpOptions } from '../../../simulators/pump/pump.ts';
import { sampleDrugLibrary, sampleDrugLibraryBytes } from '../../../simulators/pump/sample-drug-library.ts';

/** 2025-01-06 08:00 UTC: lab time zero for the pump tests. */
export const labStart = Date.UTC(2025, 0, 6, 8, 0, 0);
export const hourMs = 3_600_000;

const labSigner = 'CN=pumplab code signing';

/**
 * A stand-in for the PKI's CMS verifier: a "signature" is an HMAC over the content under a lab key.
 * What matters to the pump is only that the verifier returns a subject or throws.
 */
export function fakeSign(content: Buffer, key = 'lab-code-signing'): Buffer {
  return crypto.createHmac('sha256', key).update(content).digest();
}

export function fakeVerify(content: Buffer, signature: Buffer): { signerSubject: string } {
  const expected = fakeSign(content);
  if (signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
    throw new PumplabError('PKI_SIGNATURE_INVALID', 'signature does not verify');
  }
  return { signerSubject: labSigner };
}

/** A pump on a ManualClock that records every message and checks each against its contract schema. */
export function makePump(overrides: Partial<PumpOptions> = {}): {
  pump: Pump;
  clock: ManualClock;
  messages: OutgoingMessage[];
} {
  const clock = overrides.clock instanceof ManualClock ? overrides.clock : new ManualClock(labStart);
  const pump = new Pump({
    serial: 'PL3000-0001',
    model: 'PL-3000',
    firmware: '4.2.1',
    careArea: 'icu',
    mac: '02:00:5e:00:00:01',
    clock,
    random: seededRandom('pump-tests'),
    verifySignature: fakeVerify,
    library: sampleDrugLibrary,
    ...overrides,
  });
  const messages: OutgoingMessage[] = [];
  pump.onMessage((message) => {
    expectValid(message);
    messages.push(message);
  });
  return { pump, clock, messages };
}

/** Asserts a message validates against the contract schema of its channel. */
export function expectValid(message: OutgoingMessage): void {
  const schema = { status: statusSchema, events: eventSchema, 'command-results': commandResultSchema }[
    message.channel
  ];
  const parsed = schema.safeParse(message.payload);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

let commandCount = 0;
const issuedAt = new Date(labStart).toISOString();

/** A program command with sensible defaults (norepinephrine is not needed: a saline line). */
export function programCommand(order: Partial<ProgramOrder>): Command {
  return {
    kind: 'program',
    commandId: `cmd-${++commandCount}`,
    issuedAt,
    order: {
      infusionId: `inf-${commandCount}`,
      patientId: 'MRN-0042-SMITH',
      drugId: 'normal-saline',
      vtbi: 1000,
      confirmSoftLimit: false,
      autoStart: false,
      ...order,
    },
  };
}

/** A command with no arguments (start, pause, resume, stop, report-status). */
export function simpleCommand(kind: 'start' | 'pause' | 'resume' | 'stop' | 'report-status'): Command {
  return { kind, commandId: `cmd-${++commandCount}`, issuedAt };
}

/** An install-library command carrying `library` bytes and an optional signature. */
export function installLibraryCommand(
  library: Buffer = sampleDrugLibraryBytes(),
  signature: Buffer | null = null,
): Command {
  return {
    kind: 'install-library',
    commandId: `cmd-${++commandCount}`,
    issuedAt,
    library: library.toString('base64'),
    signature: signature && signature.toString('base64'),
  };
}

/** An install-firmware command. */
export function installFirmwareCommand(version: string, image: Buffer, signature: Buffer | null): Command {
  return {
    kind: 'install-firmware',
    commandId: `cmd-${++commandCount}`,
    issuedAt,
    version,
    image: image.toString('base64'),
    signature: signature && signature.toString('base64'),
  };
}

/** The code a piece of work throws, or 'no error'. */
export function codeOf(work: () => unknown): ErrorCode | 'no error' | 'not a pumplab error' {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

/** The events emitted, by type. */
export function eventTypes(messages: OutgoingMessage[]): string[] {
  return messages.flatMap((message) => (message.channel === 'events' ? [message.payload.type] : []));
}

/** The last status emitted. */
export function lastStatus(messages: OutgoingMessage[]): StatusMessage {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message?.channel === 'status') return message.payload;
  }
  throw new Error('no status emitted');
}
