import { readInputText } from '../../core/input-file.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unknownZone, type Topology } from '../topology/topology.ts';
import { parseLocatedYaml, throwProblems, type YamlProblem } from '../yaml/located-yaml.ts';
import { anyValue, policyFileSchema, type PolicyRuleSpec, type Verdict } from './policy-schema.ts';
import { analyseRules } from './rule-analysis.ts';

/** Which rule decided a flow: its 1-based number and line, or `number: null` for the default. */
export interface RuleRef {
  policy: string;
  number: number | null;
  line: number | null;
  why: string;
}

/** A connection attempt as the gateway sees it. */
export interface Flow {
  /** The connection's real source address (`socket.remoteAddress`), never a claimed one. */
  fromAddress: string | undefined;
  /**
   * The zone the source is held in when it is not its address's zone: `quarantine` for a device
   * the gateway has not admitted (gateway/admission). Default: the topology's zone of the address.
   */
  fromZone?: string;
  toZone: string;
  service: string;
}

/** The gateway's answer to one flow. */
export interface PolicyDecision {
  verdict: Verdict;
  rule: RuleRef;
  fromZone: string;
}

/** A validated zone policy bound to a topology. */
export interface ZonePolicy {
  name: string;
  rules: readonly (PolicyRuleSpec & { line: number })[];
  /** Overlapping rules with different verdicts: reported, not fatal. */
  warnings: readonly YamlProblem[];
  /** Decides a flow: first matching rule, else deny. An address in no zone is always denied. */
  decide(flow: Flow): PolicyDecision;
}

/** Where the shipped policies live: `flat.yaml` (no segmentation) and `segmented.yaml`. */
export const shippedPolicyPath = (name: 'flat' | 'segmented'): string =>
  fileURLToPath(new URL(`./${name}.yaml`, import.meta.url));

const matches = (value: string, pattern: string): boolean => pattern === anyValue || pattern === value;

/**
 * Parses and validates a policy against `topology`, with line-precise errors.
 *
 * @example parsePolicy(text, topology, 'segmented.yaml').decide({ fromAddress: '127.10.0.5', toZone: 'clinical-servers', service: 'mqtt' })
 * @throws PumplabError GATEWAY_POLICY_INVALID with `details.problems`
 */
export function parsePolicy(text: string, topology: Topology, file = 'policy.yaml'): ZonePolicy {
  const source = parseLocatedYaml(text, file, policyFileSchema, 'GATEWAY_POLICY_INVALID', 'zone policy');
  const { name, rules: specs } = source.data;
  const findings = analyseRules(specs, topology, source.problemAt);
  throwProblems('GATEWAY_POLICY_INVALID', 'zone policy', findings.errors);
  const rules = specs.map((rule, index) => ({ ...rule, line: source.problemAt(['rules', index], '').line }));
  const defaultRule: RuleRef = {
    policy: name,
    number: null,
    line: null,
    why: 'no rule allows it (default deny)',
  };
  const outsideRule: RuleRef = {
    policy: name,
    number: null,
    line: null,
    why: 'source address is in no zone',
  };
  return {
    name,
    rules,
    warnings: findings.warnings,
    decide(flow) {
      const fromZone = flow.fromZone ?? topology.zoneOf(flow.fromAddress);
      if (fromZone === unknownZone) return { verdict: 'deny', rule: outsideRule, fromZone };
      const index = rules.findIndex(
        (rule) =>
          matches(fromZone, rule.from) &&
          matches(flow.toZone, rule.to) &&
          matches(flow.service, rule.service),
      );
      const rule = rules[index];
      if (!rule) return { verdict: 'deny', rule: defaultRule, fromZone };
      return {
        verdict: rule.verdict,
        rule: { policy: name, number: index + 1, line: rule.line, why: rule.why },
        fromZone,
      };
    },
  };
}

/** Reads and parses a policy file; errors name the file by its base name. */
export function readPolicyFile(filePath: string, topology: Topology): ZonePolicy {
  const text = readInputText(filePath, 'policy');
  return parsePolicy(text, topology, path.basename(filePath));
}
