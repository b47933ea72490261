import type { AdmissionRecord } from '../../../gateway/admission/admission-log.ts';
import type { DecisionRecord } from '../../../gateway/enforcement/decision-log.ts';
import type { StepReport } from '../../actions/action.ts';
import type { SecurityEventView } from '../lab-under-test.ts';
import type { TimeWindow } from '../run-record.ts';
import { clientLine, type ClientClueContext } from './client-clues.ts';
import type { CluedLine } from './clue.ts';
import { admissionLine, decisionLine, securityEventLine } from './log-clues.ts';

/** The lab's logs a step's evidence is drawn from. */
export interface LabLogs {
  decisions: readonly DecisionRecord[];
  admissions: readonly AdmissionRecord[];
  securityEvents: readonly SecurityEventView[];
}

/** The order log lines are listed in, so two runs of a seed list them alike whatever arrived first. */
const sourceOrder = ['gateway', 'admission', 'pump-server-broker', 'pump-server-hl7', 'ehr-hl7'];
const rank = (source: string): number => {
  const index = sourceOrder.indexOf(source);
  return index < 0 ? sourceOrder.length : index;
};

/**
 * Log lines repeat (a scan of twelve services, a flood of two hundred connections): each distinct
 * line is kept once, marked when it repeated, so the evidence stays readable and a rerun, whose
 * count may differ by a retry, reads the same.
 */
function distinct(lines: { at: number; clued: CluedLine }[]): CluedLine[] {
  const seen = new Map<string, { at: number; clued: CluedLine; repeated: boolean }>();
  for (const { at, clued } of lines) {
    const key = `${clued.line.source}\u0000${clued.line.code}\u0000${clued.line.line}`;
    const entry = seen.get(key);
    if (entry) entry.repeated = true;
    else seen.set(key, { at, clued, repeated: false });
  }
  return [...seen.values()]
    .sort((a, b) => rank(a.clued.line.source) - rank(b.clued.line.source) || a.at - b.at)
    .map(({ clued, repeated }) =>
      repeated ? { ...clued, line: { ...clued.line, line: `${clued.line.line} (repeated)` } } : clued,
    );
}

/**
 * A step's evidence: what the attacker's client saw, then every line the lab logged in the step's
 * lab-time window about the attacker's address — gateway decisions, admission verdicts, broker and
 * HL7 refusals — each with what it says about the barrier.
 */
export function stepEvidence(
  report: StepReport,
  window: TimeWindow,
  logs: LabLogs,
  address: string,
  context: ClientClueContext,
): CluedLine[] {
  const inWindow = (at: number): boolean => at >= window.start && at <= window.end;
  const logged = [
    ...logs.decisions
      .filter((d) => d.fromAddress === address && inWindow(d.at))
      .map((d) => ({ at: d.at, clued: decisionLine(d) })),
    ...logs.admissions
      .filter((a) => a.address === address && inWindow(a.at))
      .map((a) => ({ at: a.at, clued: admissionLine(a) })),
    ...logs.securityEvents
      .filter((e) => e.address === address && inWindow(e.at))
      .map((e) => ({ at: e.at, clued: securityEventLine(e) })),
  ];
  return [...report.evidence.map((item) => clientLine(item, context)), ...distinct(logged)];
}
