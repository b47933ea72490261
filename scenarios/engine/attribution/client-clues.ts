import { firmwareCatalog, type FirmwareTraits } from '../../../simulators/pump/firmware-catalog.ts';
import type { ClientEvidence } from '../../actions/action.ts';
import type { PumpView } from '../lab-under-test.ts';
import { clue, type Clue, type CluedLine } from './clue.ts';
import { stableText } from './evidence-text.ts';

/** What a client line is read against: the ward as it was at the start, and the step's parameters. */
export interface ClientClueContext {
  pumps: readonly PumpView[];
  /** The step's `with` block: a media step's `kind` says whether a signature refusal was a library's. */
  params: Readonly<Record<string, unknown>>;
}

type Firmware = { version: string; traits: FirmwareTraits };

/** The pump a line concerns: its target names the pump's serial, or its address (`host` or `host:port`). */
function targetPump(evidence: ClientEvidence, pumps: readonly PumpView[]): PumpView | undefined {
  const target = evidence.target;
  if (target === undefined) return undefined;
  const host = target.replace(/:\d+$/, '');
  return pumps.find((pump) => pump.serial === target || pump.address === host);
}

/**
 * The firmware behind a line: the target pump's, or — when the line names no pump — the ward's when
 * every pump runs the same, or when the property holds of every version the ward runs.
 */
function firmwareBehind(
  evidence: ClientEvidence,
  context: ClientClueContext,
  holds: (traits: FirmwareTraits) => boolean,
): Firmware | undefined {
  const known = (version: string): Firmware | undefined =>
    firmwareCatalog.find((entry) => entry.version === version);
  const pump = targetPump(evidence, context.pumps);
  if (pump) {
    const firmware = known(pump.firmware);
    return firmware && holds(firmware.traits) ? firmware : undefined;
  }
  const ward = [...new Set(context.pumps.map((p) => p.firmware))].map(known);
  if (ward.length === 0 || ward.some((f) => f === undefined || !holds(f.traits))) return undefined;
  return ward.length === 1
    ? ward[0]
    : { version: ward.map((f) => f!.version).join(', '), traits: ward[0]!.traits };
}

/** A property of the firmware, worded for the trainer: "firmware 3.1.0 checks library signatures itself". */
const builtIn = (firmware: Firmware | undefined, property: string): string | undefined =>
  firmware && `firmware ${firmware.version} ${property}`;

const signatureRefusals = new Set([
  'PUMP_SIGNATURE_REQUIRED',
  'PUMP_SIGNATURE_INVALID',
  'PKI_CERT_UNTRUSTED',
]);

/** Which package a media refusal concerns: the line says so, else the step's `kind`. */
function packageKind(evidence: ClientEvidence, context: ClientClueContext): 'library' | 'firmware' {
  if (/firmware/i.test(evidence.line)) return 'firmware';
  if (/librar/i.test(evidence.line)) return 'library';
  return context.params['kind'] === 'firmware' ? 'firmware' : 'library';
}

function mediaClue(evidence: ClientEvidence, context: ClientClueContext): Clue | undefined {
  if (evidence.code === 'PUMP_FIRMWARE_DOWNGRADE') {
    const firmware = firmwareBehind(evidence, context, (t) => t.rollbackProtection);
    return clue(['patched-firmware'], builtIn(firmware, 'refuses to roll back to older firmware'));
  }
  if (!signatureRefusals.has(evidence.code)) return undefined;
  if (packageKind(evidence, context) === 'firmware') {
    const firmware = firmwareBehind(evidence, context, (t) => t.requiresSignedFirmware);
    return clue(['signed-firmware'], builtIn(firmware, 'checks firmware signatures itself'));
  }
  const firmware = firmwareBehind(evidence, context, (t) => t.requiresSignedLibraries);
  return clue(['signed-libraries'], builtIn(firmware, 'checks library signatures itself'));
}

const noConsole = new Set(['NO_ENDPOINT', 'NO_TARGET']);

/** The maintenance console: none to dial, a login refused, or a parser without the flaw. */
function consoleClue(evidence: ClientEvidence, context: ClientClueContext): Clue | undefined {
  // The lab lists only consoles that run: none to dial means no pump of the ward keeps one.
  if (noConsole.has(evidence.code) && /console/i.test(evidence.line)) {
    const firmware = firmwareBehind(evidence, context, (t) => t.maintenanceService === null);
    return clue(['patched-firmware'], builtIn(firmware, 'has no maintenance console'));
  }
  // A pump's closed console port refuses the connection outright (a reset would be a firewall's).
  const toConsole = evidence.channel === 'maintenance' || /pump-maintenance/.test(evidence.line);
  if (toConsole && evidence.code === 'ECONNREFUSED') {
    const firmware = firmwareBehind(evidence, context, (t) => t.maintenanceService === null);
    return firmware && clue(['patched-firmware'], builtIn(firmware, 'has no maintenance console'));
  }
  if (/^ERR (login incorrect|too many failed logins)/.test(evidence.code)) {
    return clue(['default-credentials-removed']);
  }
  if (evidence.code.startsWith('ERR input too long')) {
    const firmware = firmwareBehind(evidence, context, (t) => !t.vulnerableParser);
    return clue(['patched-firmware'], builtIn(firmware, 'bounds the login field (no parser flaw)'));
  }
  return undefined;
}

/** TLS alerts, CONNACK and SUBACK codes, admission verdicts, a sealed store. */
function protocolClue(evidence: ClientEvidence, context: ClientClueContext): Clue | undefined {
  const { code } = evidence;
  if (/CERTIFICATE_REVOKED/.test(code)) return clue(['revocation-checks']);
  if (/CERTIFICATE_REQUIRED|UNKNOWN_CA|BAD_CERTIFICATE/.test(code)) return clue(['mutual-tls']);
  if (/^CONNACK-[245]$/.test(code)) return clue(['broker-authorization', 'mutual-tls']);
  if (code === 'SUBACK-128' || code === 'PUBACK_MISSING') return clue(['broker-authorization']);
  if (code === 'QUARANTINED-revoked') return clue(['revocation-checks', 'device-admission']);
  if (code.startsWith('QUARANTINED-')) return clue(['device-admission']);
  // Nothing legacy left to steal: every pump runs patched firmware.
  if (code === 'NO_TARGET' && /legacy/i.test(evidence.line)) return clue(['patched-firmware']);
  if (code === 'PUMP_HARD_LIMIT')
    return clue([], "the pump's drug library refuses a rate beyond its hard limit");
  // The stolen pump's key was sealed with its store: there is no credential to reuse.
  if (code === 'NO_CREDENTIAL') {
    const firmware = firmwareBehind(evidence, context, (t) => t.encryptedStore);
    return clue(['encryption-at-rest'], builtIn(firmware, 'seals the device key with its store'));
  }
  if (code === 'STORE_SEALED') {
    const firmware = firmwareBehind(evidence, context, (t) => t.encryptedStore);
    return clue(['encryption-at-rest'], builtIn(firmware, 'seals its store itself'));
  }
  return undefined;
}

/**
 * What the attacker's own client saw, as a line of evidence, with what it says about the barrier.
 * Errnos alone (ECONNRESET, ETIMEDOUT) say nothing: the lab's logs in the same window do.
 */
export function clientLine(evidence: ClientEvidence, context: ClientClueContext): CluedLine {
  const target = evidence.target === undefined ? '' : ` ${stableText(evidence.target)}`;
  const found =
    (evidence.channel === 'media' ? mediaClue(evidence, context) : undefined) ??
    consoleClue(evidence, context) ??
    protocolClue(evidence, context);
  return {
    line: {
      source: 'client',
      code: evidence.code,
      line: `${evidence.channel}${target}: ${stableText(evidence.line)}`,
    },
    ...(found ? { clue: found } : {}),
  };
}
