import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../gateway/enforcement/decision-log.ts';
import type { ClientEvidence, StepReport } from '../../../scenarios/actions/action.ts';
import type { ControlId } from '../../../scenarios/controls/controls.ts';
import { barriersOfRun, barriersOfStep } from '../../../scenarios/engine/attribution.ts';
import { stepEvidence, type LabLogs } from '../../../scenarios/engine/attribution/step-evidence.ts';
import type { PumpView, SecurityEventView } from '../../../scenarios/engine/lab-under-test.ts';
import { pump, t0 } from './run-record-fixture.ts';

const attacker = '127.40.0.200';
const window = { start: t0, end: t0 + 60_000 };
const ward: PumpView[] = [
  pump({ serial: 'PL00001', address: '127.10.0.10', firmware: '2.4.0' }),
  pump({ serial: 'PL00002', address: '127.10.0.11', firmware: '3.1.0' }),
  pump({ serial: 'PL00003', address: '127.10.0.12', firmware: '4.2.1' }),
];

const deny = (overrides: Partial<DecisionRecord>): DecisionRecord => ({
  at: t0 + 1_000,
  fromAddress: attacker,
  fromZone: 'enterprise',
  toZone: 'clinical-servers',
  service: 'mqtt',
  verdict: 'deny',
  rule: { policy: 'segmented', number: null, line: null, why: 'no rule allows it (default deny)' },
  ...overrides,
});

const event = (overrides: Partial<SecurityEventView>): SecurityEventView => ({
  at: t0 + 1_000,
  origin: 'pump-server-broker',
  kind: 'tls-failure',
  code: 'BROKER_TLS_HANDSHAKE_FAILED',
  address: attacker,
  detail: 'TLS handshake failed: ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE',
  ...overrides,
});

const noLogs: LabLogs = { decisions: [], admissions: [], securityEvents: [] };

/** The barriers of one blocked step under `controls`, from its client evidence and the lab's logs. */
function barriers(
  controls: ControlId[],
  client: ClientEvidence[],
  logs: Partial<LabLogs> = {},
  params: Record<string, unknown> = {},
) {
  const report: StepReport = { status: 'blocked', summary: 'refused', evidence: client };
  const lines = stepEvidence(report, window, { ...noLogs, ...logs }, attacker, { pumps: ward, params });
  return barriersOfStep('step', lines, new Set(controls));
}

const reset: ClientEvidence = { channel: 'socket', code: 'ECONNRESET', line: 'read ECONNRESET' };

describe('attribution of a blocked step', () => {
  it('names segmentation for a deny by the zone policy', () => {
    expect(barriers(['segmentation'], [reset], { decisions: [deny({})] })).toEqual([
      expect.objectContaining({ kind: 'control', control: 'segmentation', step: 'step' }),
    ]);
  });

  it('names device admission for a deny of a source held in quarantine', () => {
    const decisions = [deny({ fromZone: 'quarantine' })];
    expect(barriers(['segmentation', 'device-admission'], [reset], { decisions })[0]).toMatchObject({
      control: 'device-admission',
    });
  });

  it("names rate limits for the gateway's rate-limit rule", () => {
    const rule = {
      policy: 'rate-limit',
      number: null,
      line: null,
      why: 'source opened 20 connections within 10 s',
    };
    const decisions = [deny({ fromZone: 'pump-network', rule })];
    expect(barriers(['rate-limits'], [reset], { decisions })[0]).toMatchObject({ control: 'rate-limits' });
  });

  it('names mutual TLS for a missing certificate and revocation checks for a revoked one', () => {
    expect(barriers(['mutual-tls'], [reset], { securityEvents: [event({})] })[0]).toMatchObject({
      control: 'mutual-tls',
    });
    const revoked = event({ code: 'PKI_CERT_REVOKED', detail: 'CERT_REVOKED' });
    expect(
      barriers(['mutual-tls', 'revocation-checks'], [reset], { securityEvents: [revoked] })[0],
    ).toMatchObject({ control: 'revocation-checks' });
  });

  it('says nothing of certificates when the client itself broke off the handshake', () => {
    const brokenOff = event({ detail: 'TLS handshake failed: ECONNRESET' });
    expect(barriers(['mutual-tls'], [reset], { securityEvents: [brokenOff] })[0]).toMatchObject({
      kind: 'unattributed',
    });
  });

  it('names broker authorization for a refused publish, subscribe or connect', () => {
    for (const kind of ['publish-denied', 'subscribe-denied', 'auth-denied']) {
      const refused = event({ kind, code: 'BROKER_PUBLISH_DENIED', detail: 'not its own topic' });
      expect(barriers(['broker-authorization'], [], { securityEvents: [refused] })[0]).toMatchObject({
        control: 'broker-authorization',
      });
    }
    expect(
      barriers(['broker-authorization'], [{ channel: 'mqtt', code: 'CONNACK-5', line: 'not authorized' }])[0],
    ).toMatchObject({ control: 'broker-authorization' });
  });

  it('names signed libraries when on, else the firmware that checks library signatures itself', () => {
    const refused: ClientEvidence = {
      channel: 'media',
      code: 'PUMP_SIGNATURE_REQUIRED',
      target: 'PL00002',
      line: 'library refused',
    };
    expect(barriers(['signed-libraries'], [refused])[0]).toMatchObject({
      kind: 'control',
      control: 'signed-libraries',
    });
    expect(barriers([], [refused])[0]).toEqual(
      expect.objectContaining({ kind: 'built-in', what: 'firmware 3.1.0 checks library signatures itself' }),
    );
  });

  it('tells a firmware signature refusal from a library one by the line, else by the step', () => {
    const refused: ClientEvidence = {
      channel: 'media',
      code: 'PUMP_SIGNATURE_INVALID',
      target: 'PL00003',
      line: 'refused',
    };
    expect(
      barriers(['signed-firmware', 'signed-libraries'], [refused], {}, { kind: 'firmware' })[0],
    ).toMatchObject({
      control: 'signed-firmware',
    });
    expect(barriers([], [refused], {}, { kind: 'firmware' })[0]).toMatchObject({
      kind: 'built-in',
      what: 'firmware 4.2.1 checks firmware signatures itself',
    });
  });

  it('names patched firmware when no console answers, and removed default credentials for a refused login', () => {
    const none: ClientEvidence = { channel: 'socket', code: 'NO_ENDPOINT', line: 'no pump console to dial' };
    expect(barriers(['patched-firmware'], [none])[0]).toMatchObject({ control: 'patched-firmware' });
    const refused: ClientEvidence = {
      channel: 'maintenance',
      code: 'ERR login incorrect',
      target: '127.10.0.10:2323',
      line: 'no shell',
    };
    expect(barriers(['default-credentials-removed'], [refused])[0]).toMatchObject({
      control: 'default-credentials-removed',
    });
  });

  it('names the firmware without the parser flaw when patching is off', () => {
    const fixed: ClientEvidence = {
      channel: 'maintenance',
      code: 'ERR input too long',
      target: '127.10.0.11:2323',
      line: 'no shell',
    };
    expect(barriers([], [fixed])[0]).toMatchObject({
      kind: 'built-in',
      what: 'firmware 3.1.0 bounds the login field (no parser flaw)',
    });
  });

  it('names encryption at rest for a sealed store', () => {
    const sealed: ClientEvidence = {
      channel: 'physical',
      code: 'STORE_SEALED',
      target: 'PL00001',
      line: 'sealed',
    };
    expect(barriers(['encryption-at-rest'], [sealed])[0]).toMatchObject({ control: 'encryption-at-rest' });
  });

  it('is unattributed when nothing observed explains the refusal, quoting the client', () => {
    expect(barriers(['segmentation'], [reset])).toEqual([
      { kind: 'unattributed', step: 'step', evidence: 'client ECONNRESET: socket: read ECONNRESET' },
    ]);
  });

  it("reads only the attacker's log lines inside the step's window", () => {
    const decisions = [deny({ fromAddress: '127.40.0.5' }), deny({ at: t0 + 120_000 })];
    expect(barriers(['segmentation'], [reset], { decisions })[0]).toMatchObject({ kind: 'unattributed' });
  });
});

describe('step evidence', () => {
  it("lists the client's lines first, then each distinct log line once, marked when repeated, without ports", () => {
    const report: StepReport = {
      status: 'blocked',
      summary: 'refused',
      evidence: [
        {
          channel: 'socket',
          code: 'ECONNREFUSED',
          target: '127.20.0.1:40211',
          line: 'connect ECONNREFUSED 127.20.0.1:40211',
        },
      ],
    };
    const lines = stepEvidence(
      report,
      window,
      { ...noLogs, decisions: [deny({}), deny({ at: t0 + 2_000 })] },
      attacker,
      {
        pumps: ward,
        params: {},
      },
    ).map((clued) => clued.line);
    expect(lines).toEqual([
      { source: 'client', code: 'ECONNREFUSED', line: 'socket 127.20.0.1: connect ECONNREFUSED 127.20.0.1' },
      {
        source: 'gateway',
        code: 'GATEWAY_FLOW_DENIED',
        line: 'deny enterprise → clinical-servers mqtt (segmented default: no rule allows it (default deny)) (repeated)',
      },
    ]);
  });
});

describe('barriers of a run', () => {
  const blocked = { id: 'find-broker', status: 'blocked' as const, lines: [] };
  it('lists the blocked steps in order, and nothing when the attack succeeded through every step', () => {
    const done = { id: 'send', status: 'done' as const, lines: [] };
    expect(barriersOfRun([blocked], new Set(), false)).toHaveLength(1);
    expect(barriersOfRun([done], new Set(), true)).toEqual([]);
  });

  it("reads the last step's evidence when every step was done yet no impact was seen", () => {
    const report: StepReport = {
      status: 'done',
      summary: 'acknowledged',
      evidence: [
        { channel: 'mqtt', code: 'PUMP_HARD_LIMIT', target: 'PL00001', line: 'pump answered program' },
      ],
    };
    const lines = stepEvidence(report, window, noLogs, attacker, { pumps: ward, params: {} });
    expect(barriersOfRun([{ id: 'send', status: 'done', lines }], new Set(), false)).toEqual([
      expect.objectContaining({
        kind: 'built-in',
        what: "the pump's drug library refuses a rate beyond its hard limit",
      }),
    ]);
    expect(barriersOfRun([{ id: 'send', status: 'done', lines: [] }], new Set(), false)).toEqual([
      expect.objectContaining({ kind: 'unattributed', step: 'send' }),
    ]);
  });
});
