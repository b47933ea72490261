import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { parsePolicy, readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';

const topology = readTopologyFile();
const header = 'version: 1\nname: trainer\nrules:\n';
const rule = (from: string, to: string, service: string, verdict = 'allow'): string =>
  `  - { from: '${from}', to: '${to}', service: '${service}', verdict: ${verdict}, why: test }\n`;

/** The `file:line:column message` problems a bad policy is rejected with. */
function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, topology, 'policy.yaml');
  } catch (error) {
    if (isPumplabError(error, 'GATEWAY_POLICY_INVALID')) return error.details['problems'] as string[];
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('the zone policy', () => {
  it('loads the shipped flat and segmented policies without warnings', () => {
    for (const name of ['flat', 'segmented'] as const) {
      expect(readPolicyFile(shippedPolicyPath(name), topology).warnings).toEqual([]);
    }
  });

  it('decides by the first matching rule, naming it, and denies by default', () => {
    const policy = readPolicyFile(shippedPolicyPath('segmented'), topology);
    const pumps = policy.decide({ fromAddress: '127.10.0.5', toZone: 'clinical-servers', service: 'mqtt' });
    expect(pumps).toMatchObject({ verdict: 'allow', fromZone: 'pump-network', rule: { number: 1, line: 7 } });
    const laptop = policy.decide({
      fromAddress: '127.40.0.5',
      toZone: 'pump-network',
      service: 'pump-maintenance',
    });
    expect(laptop).toMatchObject({ verdict: 'deny', fromZone: 'enterprise', rule: { number: null } });
  });

  it('denies an address in no zone, whatever the policy says', () => {
    const flat = readPolicyFile(shippedPolicyPath('flat'), topology);
    expect(flat.decide({ fromAddress: '127.99.0.1', toZone: 'biomed', service: '*' })).toMatchObject({
      verdict: 'deny',
      fromZone: 'unknown',
    });
  });

  it('rejects a rule shadowed by an earlier one', () => {
    const text =
      header + rule('*', 'clinical-servers', '*') + rule('biomed', 'clinical-servers', 'rest', 'deny');
    expect(problemsOf(text)).toEqual(['policy.yaml:5:5 rule 2 is shadowed by rule 1']);
  });

  it('rejects unknown zones and services, and services not in the destination zone', () => {
    const text =
      header +
      rule('pump-net', 'biomed', '*') +
      rule('biomed', 'clinical-servers', 'telnet') +
      rule('biomed', 'biomed', 'mqtt');
    expect(problemsOf(text)).toEqual([
      "policy.yaml:4:13 unknown zone 'pump-net'",
      "policy.yaml:5:56 unknown service 'telnet'",
      "policy.yaml:6:46 service 'mqtt' is in 'clinical-servers', not 'biomed'",
    ]);
  });

  it('warns, at the later rule, of overlapping rules with different verdicts', () => {
    const policy = parsePolicy(
      header + rule('enterprise', '*', '*', 'deny') + rule('*', 'biomed', '*'),
      topology,
    );
    expect(policy.warnings.map((warning) => [warning.line, warning.column])).toEqual([[5, 5]]);
  });

  it('rejects a malformed rule at its line', () => {
    expect(
      problemsOf(`${header}  - { from: biomed, to: biomed, service: '*', verdict: maybe, why: x }\n`)[0],
    ).toMatch(/^policy\.yaml:4:56 /);
  });
});
