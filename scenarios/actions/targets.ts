import crypto from 'node:crypto';
import type { DrugEntry } from '../../simulators/contract/drug-library.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import type { Endpoint, PumpView } from '../engine/lab-under-test.ts';
import type { AttackContext, ClientEvidence } from './action.ts';
import { evidence, evidenceCodes } from './evidence.ts';

/** The maintenance console service name (gateway/topology/default-topology.yaml). */
export const consoleService = 'pump-maintenance';

/** Where the attacker dials `service` from its zone, checked against the lab; or why it cannot. */
export function endpointFor(
  context: AttackContext,
  service: string,
): { ok: true; endpoint: Endpoint } | { ok: false; evidence: ClientEvidence } {
  const endpoint = context.lab.reach(context.attacker.zone, service);
  if (!endpoint) {
    return {
      ok: false,
      evidence: evidence(
        'socket',
        evidenceCodes.noEndpoint,
        `no route to ${service} from ${context.attacker.zone}`,
      ),
    };
  }
  context.assertInLab(endpoint.host);
  return { ok: true, endpoint };
}

/** `host:port`, the key of loot.found and loot.logins. */
export const addressOf = (endpoint: Endpoint): string => `${endpoint.host}:${endpoint.port}`;

/**
 * Every pump console the attacker can dial: those its zone reaches, and those a scan found. Each
 * passes the lab check here, before anything dials it.
 */
export function consoleTargets(context: AttackContext): Endpoint[] {
  const byAddress = new Map<string, Endpoint>();
  for (const endpoint of context.lab.pumpConsoles(context.attacker.zone))
    byAddress.set(addressOf(endpoint), endpoint);
  for (const [address, service] of context.loot.found) {
    if (service !== consoleService || byAddress.has(address)) continue;
    const split = address.lastIndexOf(':');
    byAddress.set(address, { host: address.slice(0, split), port: Number(address.slice(split + 1)) });
  }
  const targets = [...byAddress.values()];
  for (const target of targets) context.assertInLab(target.host);
  return targets;
}

/** Delivery states in which a pump holds no patient's infusion: a thief or a spoofed order picks these. */
const idleStates: ReadonlySet<string> = new Set(['standby', 'complete']);
export const isIdle = (pump: PumpView): boolean => idleStates.has(pump.state);

/** Pumps ordered by serial, so every run of a seed picks the same ones. */
export const bySerial = (pumps: readonly PumpView[]): PumpView[] =>
  [...pumps].sort((a, b) => a.serial.localeCompare(b.serial));

/**
 * The serials the attacker knows: from what it read (status payloads, a console's `config`, a stolen
 * device), else from the pumps' asset labels, which anyone on the ward can read.
 */
export function knownSerials(context: AttackContext): string[] {
  const found = new Set(context.loot.credentials.map((credential) => credential.serial));
  for (const text of context.loot.data) {
    for (const match of text.matchAll(/"serial":"([A-Za-z0-9-]{1,32})"|^serial=([A-Za-z0-9-]{1,32})$/gm)) {
      const serial = match[1] ?? match[2];
      if (serial) found.add(serial);
    }
  }
  if (found.size > 0) return [...found].sort();
  return bySerial(context.lab.observe.pumps()).map((pump) => pump.serial);
}

/** The library entry of a drug, from the lab's sample library (what every pump of the ward carries). */
export function drugEntry(drugId: string): { entry: DrugEntry; careArea: string } | undefined {
  for (const area of sampleDrugLibrary.careAreas) {
    const entry = area.drugs.find((drug) => drug.id === drugId);
    if (entry) return { entry, careArea: area.id };
  }
  return undefined;
}

/** A fresh identifier for what the attacker fabricates (command ids, order numbers, control ids). */
export const fabricatedId = (prefix: string): string => `${prefix}${crypto.randomBytes(5).toString('hex')}`;

/** Rounds a rate to what the contract and the shell write (three decimals). */
export const roundRate = (rate: number): number => Math.round(rate * 1000) / 1000;
