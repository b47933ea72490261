import type { ImpactFinding } from '../outcome.ts';
import type { ChartView } from '../lab-under-test.ts';
import type { RunRecord } from '../run-record.ts';

/**
 * HL7 v2 DTM times in a chart may carry whole seconds only (HL7 v2.6 2A.3.22), so a charted alarm
 * can read up to a second before the pump raised it.
 */
const chartPrecisionMs = 1_000;

/**
 * Lab ms an alarm may take from the pump to the chart and still count as delivered, even when it
 * was raised at the very end of the attack window (the ward's alarm is often the last step): pump,
 * broker, pump server and EHR take a few lab seconds between them, and a nurse's central station
 * that shows an alarm two minutes late has already failed her. A lab runs 20 times faster than real
 * time while steps play, so the allowance is six real seconds: room for a loaded machine, not more.
 */
export const alarmDeliveryAllowanceMs = 120_000;

interface RaisedAlarm {
  serial: string;
  code: string;
  at: number;
}

/** Every alarm a pump raised inside the attack window, once each (pumps report their whole list). */
function raisedDuringAttack(record: RunRecord): RaisedAlarm[] {
  const { start, end } = record.attack;
  const seen = new Map<string, RaisedAlarm>();
  for (const pumps of [record.before.pumps, ...record.samples.map((s) => s.pumps), record.after.pumps]) {
    for (const pump of pumps) {
      for (const alarm of pump.alarmsRaised) {
        if (alarm.at < start || alarm.at > end) continue;
        seen.set(`${pump.serial} ${alarm.code} ${alarm.at}`, { serial: pump.serial, ...alarm });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.at - b.at || a.serial.localeCompare(b.serial));
}

/**
 * When each raised alarm reached a chart: the first unclaimed chart alarm of the same pump and code
 * at or after the raise (each chart entry answers one raise), or undefined.
 */
function chartedTimes(raised: RaisedAlarm[], charts: Iterable<ChartView>): (number | undefined)[] {
  const entries = [...charts].flatMap((chart) => chart.alarms).sort((a, b) => a.at - b.at);
  const claimed = new Set<number>();
  return raised.map((alarm) => {
    const index = entries.findIndex(
      (entry, i) =>
        !claimed.has(i) &&
        entry.serial === alarm.serial &&
        entry.code === alarm.code &&
        entry.at >= alarm.at - chartPrecisionMs,
    );
    if (index < 0) return undefined;
    claimed.add(index);
    return entries[index]!.at;
  });
}

/**
 * alarms-lost: alarms raised at pumps while the attack ran (the pumps' own alarm lists) with no
 * matching chart alarm — same pump, same code, at or after the raise — by the end of the attack
 * window (or, for an alarm raised at its very end, within the delivery allowance); those that
 * reached the chart only later, by the end of the exposure, are counted as late.
 *
 * @example alarmsLost(record).clinical // "2 of 3 alarms never reached the EHR while the attack ran (1 reached it later)."
 */
export function alarmsLost(record: RunRecord): ImpactFinding {
  const raised = raisedDuringAttack(record);
  const charted = chartedTimes(raised, record.after.charts.values());
  // Due by the end of the attack window, and never sooner than the allowance after the raise.
  const due = raised.map((alarm) => Math.max(record.attack.end, alarm.at + alarmDeliveryAllowanceMs));
  const lost = charted.map((at, i) => at === undefined || at > due[i]!);
  const missing = lost.filter(Boolean).length;
  const late = charted.filter((at, i) => at !== undefined && lost[i]).length;
  const pumps = new Set(raised.filter((_, i) => lost[i]).map((alarm) => alarm.serial));
  const figures = { raised: raised.length, lost: missing, late, pumps: pumps.size };
  if (raised.length === 0) {
    return {
      kind: 'alarms-lost',
      observed: false,
      clinical: 'No pump raised an alarm while the attack ran.',
      figures,
    };
  }
  if (missing === 0) {
    return {
      kind: 'alarms-lost',
      observed: false,
      clinical: `Every alarm raised while the attack ran reached the EHR (${raised.length}).`,
      figures,
    };
  }
  const lateText = late > 0 ? ` (${late} reached it later)` : '';
  const verb = raised.length === 1 ? 'alarm never reached' : 'alarms never reached';
  return {
    kind: 'alarms-lost',
    observed: true,
    clinical: `${missing} of ${raised.length} ${verb} the EHR while the attack ran${lateText}.`,
    figures,
  };
}
