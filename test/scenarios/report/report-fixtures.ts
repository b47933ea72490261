import type { ControlId } from '../../../scenarios/controls/controls.ts';
import { scenarioSchema, type Scenario } from '../../../scenarios/catalog/scenario-schema.ts';
import type { AblationResult, MatrixResult } from '../../../scenarios/engine/matrix-result.ts';
import type { Outcome } from '../../../scenarios/engine/outcome.ts';

/**
 * Inputs for the report formatters, built by hand: the formatters only render what they are given,
 * so a constructed outcome tests them as well as one from a lab would.
 */

/** A scenario file as the catalog would parse it; `title` may be hostile. */
export function scenario(title = 'Rogue laptop changes a dose'): Scenario {
  return scenarioSchema.parse({
    id: 'rogue-dose',
    title,
    threat: {
      summary: 'An attacker on the enterprise network commands pumps over MQTT.',
      sp1800_8: 'Vol B 3.4.2 unauthorized dose change',
      advisories: ['ICSMA-17-250-02A'],
    },
    story: 'A phished laptop on the enterprise network.\n\nIt looks for the broker.',
    attacker: { zone: 'enterprise', means: 'a phished laptop' },
    steps: [
      {
        id: 'scan',
        action: 'scan',
        with: { services: ['mqtt'] },
        narrative: 'The laptop probes the broker.',
        ask: ['Would your firewall let this through?'],
      },
      {
        id: 'command',
        action: 'mqtt-command',
        with: { identity: 'claim-serial', rateFactor: 10, targets: 'one' },
        narrative: 'It commands a pump to run ten times faster.',
      },
    ],
    objective: ['dose-changed'],
    facilitator: {
      opening: ['Where do your pumps live on the network?'],
      debrief: ['Which control stopped it, and what does it cost?'],
    },
    mappings: {
      sp1800_8: ['Vol B 4.2'],
      csf: ['PR.AC-5'],
      sp800_53: ['SC-7'],
      hipaa: ['164.312(e)(1)'],
      attack_ics: ['T0831'],
    },
  });
}

const timing = { startedAt: '2025-01-01T10:00:00.000Z', realMs: 4200 };

/** The run blocked at the scan by segmentation, and detected. */
export function blockedOutcome(
  posture = 'sp1800-8',
  controls: ControlId[] = ['segmentation', 'monitoring'],
): Outcome {
  return {
    scenario: 'rogue-dose',
    posture,
    controls,
    seed: 'pumplab',
    result: 'blocked',
    blockedBy: [
      {
        kind: 'control',
        control: 'segmentation',
        step: 'scan',
        evidence: 'gateway denied enterprise → pump-network:mqtt (GATEWAY_FLOW_DENIED)',
      },
    ],
    steps: [
      {
        id: 'scan',
        action: 'scan',
        status: 'blocked',
        summary: 'No service answered.',
        evidence: [
          { source: 'client', code: 'ECONNRESET', line: '127.10.0.1:8883 reset the connection' },
          { source: 'gateway', code: 'GATEWAY_FLOW_DENIED', line: 'enterprise → pump-network mqtt denied' },
        ],
      },
      { id: 'command', action: 'mqtt-command', status: 'not-run', summary: 'Not run.', evidence: [] },
    ],
    detection: {
      detected: true,
      alerts: [{ kind: 'port-scan', severity: 'high', reason: 'denied flows from 127.40.0.200', at: 1 }],
    },
    impacts: [
      {
        kind: 'dose-changed',
        observed: false,
        clinical: 'Every pump ran the rate ordered.',
        figures: {},
      },
    ],
    workflow: { ok: true, steps: [{ step: 'scan-wristband', ok: true, detail: 'ok' }] },
    timing,
  };
}

/** The run that got through on a flat network, undetected, with the workflow broken. */
export function succeededOutcome(posture = 'flat-2015'): Outcome {
  return {
    scenario: 'rogue-dose',
    posture,
    controls: [],
    seed: 'pumplab',
    result: 'succeeded',
    blockedBy: [],
    steps: [
      { id: 'scan', action: 'scan', status: 'done', summary: 'The broker answered.', evidence: [] },
      {
        id: 'command',
        action: 'mqtt-command',
        status: 'done',
        summary: 'The broker accepted a program command.',
        evidence: [{ source: 'client', code: 'PUBACK', line: 'program accepted for PL00001' }],
      },
    ],
    detection: { detected: false, alerts: [] },
    impacts: [
      {
        kind: 'dose-changed',
        observed: true,
        clinical: 'Rate changed from 5 to 50 mL/h for 12 min, 9 mL over the order.',
        figures: { mlOverOrder: 9, minutes: 12 },
      },
    ],
    workflow: {
      ok: false,
      steps: [
        { step: 'scan-wristband', ok: true, detail: 'ok' },
        { step: 'pump-starts', ok: false, detail: 'the pump did not start the order' },
      ],
    },
    timing,
  };
}

/** Two postures × one scenario. */
export function matrix(title = 'Rogue laptop changes a dose'): MatrixResult {
  return {
    seed: 'pumplab',
    postures: [
      { name: 'flat-2015', title: 'The 2015 hospital', controls: [] },
      { name: 'sp1800-8', title: 'The SP 1800-8 hospital', controls: ['segmentation', 'monitoring'] },
    ],
    scenarios: [{ id: 'rogue-dose', title }],
    cells: [succeededOutcome('flat-2015'), blockedOutcome('sp1800-8')],
    timing: { ...timing, workers: 2 },
  };
}

/** Base segmentation + monitoring: removing segmentation lets the attack through (a single point of failure). */
export function ablation(): AblationResult {
  return {
    seed: 'pumplab',
    base: { name: 'sp1800-8', controls: ['segmentation', 'monitoring'] },
    baseline: [blockedOutcome()],
    cells: [
      {
        ...succeededOutcome('sp1800-8-minus-segmentation'),
        controls: ['monitoring'],
        removed: 'segmentation',
      },
      {
        ...blockedOutcome('sp1800-8-minus-monitoring', ['segmentation']),
        detection: { detected: false, alerts: [] },
        removed: 'monitoring',
      },
    ],
    findings: [
      {
        scenario: 'rogue-dose',
        blockedByBase: true,
        dependsOn: ['segmentation'],
        singlePointOfFailure: 'segmentation',
        inDepth: false,
        detectionDependsOn: ['monitoring'],
      },
    ],
    timing: { ...timing, workers: 2 },
  };
}

/** A title no page may render as markup. */
export const hostileTitle = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
