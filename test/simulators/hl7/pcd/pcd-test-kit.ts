import { readFileSync } from 'node:fs';
import { HL7Message } from 'hl7v2';
import { parseHl7, type ParsedHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import type { StatusMessage } from '../../../../simulators/contract/pump-messages.ts';

/** The lab's apps as MSH-3/4 and MSH-5/6. */
export const pumpServer = { application: 'PUMPSRV', facility: 'PUMPLAB' };
export const ehr = { application: 'EHR', facility: 'PUMPLAB' };
export const poc = { application: 'POC', facility: 'PUMPLAB' };

/** 2024-01-05 12:00:00 in New York (UTC-5): a negative offset, the case hl7v2 1.8.0 mangles. */
export const at = Date.UTC(2024, 0, 5, 17, 0, 0);
export const newYork = -300;

/** A fixture from fixtures/ (one segment per line, see fixtures/SOURCES.md) with CR terminators. */
export function fixture(name: string): string {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return text.trimEnd().split(/\r?\n/).join('\r');
}

/** Parses with hl7v2 (strict) and with the lab's parseHl7; returns the latter. */
export function parseBoth(text: string): ParsedHl7 {
  HL7Message.parse(text, { strict: true });
  return parseHl7(text);
}

/** A pump status report as the pump publishes it (contract pump-messages.ts). */
export function pumpStatus(overrides: Partial<StatusMessage> = {}): StatusMessage {
  return {
    serial: 'PL-0001',
    boot: '0a1b2c3d',
    seq: 42,
    sentAt: new Date(at - 1000).toISOString(),
    model: 'PL-LVP-1',
    firmware: '2.1.0',
    libraryVersion: '1.4.0',
    careArea: 'icu',
    state: 'infusing',
    alarms: [],
    batteryPercent: 87,
    infusion: {
      infusionId: 'ORD-7781',
      patientId: 'MRN-1001',
      drugId: 'dopamine',
      drugName: 'Dopamine',
      concentration: { amount: 1.6, unit: 'mg/mL' },
      rate: 13.3,
      doseRate: { value: 5, unit: 'mcg/kg/min' },
      vtbi: 250,
      volumeInfused: 37.25,
      startedAt: new Date(at - 3_600_000).toISOString(),
    },
    ...overrides,
  };
}

/** OBX-3.1 codes and OBX-6.1 unit codes written in a message, for comparing with the term tables. */
export function writtenCodes(parsed: ParsedHl7): { observations: string[]; units: string[] } {
  const obx = parsed.segments('OBX');
  return {
    observations: obx.map((view) => view.component(3, 1)),
    units: obx.map((view) => view.component(6, 1)).filter((code) => code !== ''),
  };
}
