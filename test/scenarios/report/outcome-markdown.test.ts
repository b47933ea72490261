import { describe, expect, it } from 'vitest';
import { outcomeMarkdown } from '../../../scenarios/report/outcome-markdown.ts';
import { blockedOutcome, hostileTitle, scenario, succeededOutcome } from './report-fixtures.ts';

describe('outcome markdown: the tabletop handout of one run', () => {
  it('tells the scenario: title, story, attacker, each step with its narrative and questions', () => {
    const text = outcomeMarkdown(scenario(), blockedOutcome());
    expect(text).toMatch(/^# Rogue laptop changes a dose\n/);
    expect(text).toContain('A phished laptop on the enterprise network.\n\nIt looks for the broker.');
    expect(text).toContain('Starts in zone: enterprise');
    expect(text).toContain('Has: a phished laptop');
    expect(text).toContain('Where do your pumps live on the network?');
    expect(text).toContain('### 1. scan (scan): BLOCKED');
    expect(text).toContain('The laptop probes the broker.');
    expect(text).toContain('Would your firewall let this through?');
    expect(text).toContain('### 2. command (mqtt-command): NOT RUN');
  });

  it('gives each step its status and evidence lines', () => {
    const text = outcomeMarkdown(scenario(), blockedOutcome());
    expect(text).toContain('**What happened:** No service answered.');
    expect(text).toContain('`client` ECONNRESET: 127.10.0.1:8883 reset the connection');
    expect(text).toContain('`gateway` GATEWAY_FLOW_DENIED: enterprise → pump-network mqtt denied');
  });

  it('shows the outcome card of a blocked run: the control, its step and evidence, and the alert', () => {
    const text = outcomeMarkdown(scenario(), blockedOutcome());
    expect(text).toContain('**BLOCKED.** The attack was blocked at step scan.');
    expect(text).toContain(
      '- Network segmentation (segmentation) at step scan: gateway denied enterprise → pump-network:mqtt (GATEWAY_FLOW_DENIED)',
    );
    expect(text).toContain('- Detected by port-scan (high): denied flows from 127.40.0.200');
    expect(text).toContain('- Not observed: dose changed. Every pump ran the rate ordered.');
    expect(text).toContain('- Intact: a nurse could still scan, order, start a pump and see it charted.');
  });

  it('shows the outcome card of a successful run: clinical impact, not detected, the failed workflow step', () => {
    const text = outcomeMarkdown(scenario(), succeededOutcome());
    expect(text).toContain('**SUCCEEDED.** The attacker got what it came for.');
    expect(text).toContain(
      '- Observed: dose changed. Rate changed from 5 to 50 mL/h for 12 min, 9 mL over the order.',
    );
    expect(text).toContain("- Not detected: no monitor alert came from the attacker's address.");
    expect(text).toContain('- Broken at pump-starts: the pump did not start the order');
    expect(text).not.toContain('**Blocked by:**');
  });

  it('lists the mappings of all five frameworks and the debrief questions', () => {
    const text = outcomeMarkdown(scenario(), blockedOutcome());
    for (const line of [
      '**NIST SP 1800-8:** Vol B 4.2',
      '**NIST CSF 1.1:** PR.AC-5',
      '**NIST SP 800-53:** SC-7',
      '**HIPAA Security Rule:** 164.312(e)(1)',
      '**MITRE ATT&CK for ICS:** T0831',
    ])
      expect(text).toContain(line);
    expect(text).toContain('## Debrief\n\n- Which control stopped it, and what does it cost?');
  });

  it('differs between two runs only in the timing line', () => {
    const first = outcomeMarkdown(scenario(), blockedOutcome()).split('\n');
    const later = blockedOutcome();
    later.timing = { startedAt: '2025-02-02T08:00:00.000Z', realMs: 9999 };
    const second = outcomeMarkdown(scenario(), later).split('\n');
    const differing = first.filter((line, index) => line !== second[index]);
    expect(differing).toHaveLength(1);
    expect(differing[0]).toContain('Run started 2025-01-01T10:00:00.000Z');
  });

  it('keeps markup in a scenario title as text', () => {
    const text = outcomeMarkdown(scenario(hostileTitle), blockedOutcome());
    expect(text).not.toContain('<script>');
    expect(text).toContain('\\<script\\>');
  });
});
