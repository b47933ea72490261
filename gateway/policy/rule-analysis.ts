import type { Topology } from '../topology/topology.ts';
import type { YamlPath, YamlProblem } from '../yaml/located-yaml.ts';
import { anyValue, type PolicyRuleSpec } from './policy-schema.ts';

type ProblemAt = (path: YamlPath, message: string) => YamlProblem;

/** What a policy check found: errors reject the file, warnings are reported with it. */
export interface RuleFindings {
  errors: YamlProblem[];
  warnings: YamlProblem[];
}

type Field = 'from' | 'to' | 'service';
const fields: readonly Field[] = ['from', 'to', 'service'];

/** True when every flow `later` matches, `earlier` matches too (so `later` never decides). */
function covers(earlier: PolicyRuleSpec, later: PolicyRuleSpec): boolean {
  return fields.every((field) => earlier[field] === anyValue || earlier[field] === later[field]);
}

/** True when some flow matches both rules. */
function overlap(a: PolicyRuleSpec, b: PolicyRuleSpec): boolean {
  return fields.every((field) => a[field] === anyValue || b[field] === anyValue || a[field] === b[field]);
}

/** Names a rule uses that the topology does not declare, and services not offered in `to`. */
function unknownNames(rule: PolicyRuleSpec, index: number, topology: Topology, problemAt: ProblemAt) {
  const problems: YamlProblem[] = [];
  for (const field of ['from', 'to'] as const) {
    const zone = rule[field];
    if (zone !== anyValue && !topology.zone(zone)) {
      problems.push(problemAt(['rules', index, field], `unknown zone '${zone}'`));
    }
  }
  if (rule.service === anyValue) return problems;
  const service = topology.service(rule.service);
  if (!service) {
    problems.push(problemAt(['rules', index, 'service'], `unknown service '${rule.service}'`));
  } else if (rule.to !== anyValue && topology.zone(rule.to) && service.zone !== rule.to) {
    problems.push(
      problemAt(
        ['rules', index, 'service'],
        `service '${rule.service}' is in '${service.zone}', not '${rule.to}'`,
      ),
    );
  }
  return problems;
}

/**
 * Checks a policy's rules against the topology. A rule naming an unknown zone or service, or one
 * that an earlier rule shadows (it can never match), is an error; two rules that overlap with
 * different verdicts are a warning: the earlier decides, which may not be what the author meant.
 */
export function analyseRules(rules: readonly PolicyRuleSpec[], topology: Topology, problemAt: ProblemAt) {
  const findings: RuleFindings = { errors: [], warnings: [] };
  rules.forEach((rule, index) => {
    findings.errors.push(...unknownNames(rule, index, topology, problemAt));
    const shadow = rules.slice(0, index).findIndex((earlier) => covers(earlier, rule));
    if (shadow >= 0) {
      findings.errors.push(
        problemAt(['rules', index], `rule ${index + 1} is shadowed by rule ${shadow + 1}`),
      );
      return;
    }
    const conflict = rules.slice(0, index).findIndex((e) => e.verdict !== rule.verdict && overlap(e, rule));
    if (conflict >= 0) {
      findings.warnings.push(
        problemAt(
          ['rules', index],
          `rule ${index + 1} (${rule.verdict}) overlaps rule ${conflict + 1} (${rules[conflict]?.verdict}); rule ${conflict + 1} wins where both match`,
        ),
      );
    }
  });
  return findings;
}
