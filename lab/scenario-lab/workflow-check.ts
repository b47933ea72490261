import { isPumplabError } from '../../core/errors.ts';
import type { DrugLibrary } from '../../simulators/contract/drug-library.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { InfusionOrder } from '../../simulators/ehr/infusion-order.ts';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { OutgoingMessage } from '../../simulators/pump/pump.ts';
import type { PointOfCare } from '../../simulators/poc/workstation.ts';
import type { WorkflowCheck } from '../../scenarios/engine/lab-under-test.ts';
import { allergiesAgainst } from '../../simulators/poc/five-rights.ts';
import { administer } from '../embedded/clinical-ward.ts';
import type { LabTime } from './lab-time.ts';

/** Lab time the pump may take to start, and its report to reach the chart (15 real seconds at 20x). */
const stepBudgetMs = 5 * 60_000;

/** What the nurse's round uses: the ward, the EHR, the point-of-care workstation and the lab clock. */
export interface WardRound {
  fleet: Fleet;
  ehr: Ehr;
  pointOfCare: PointOfCare;
  library: DrugLibrary;
  time: LabTime;
  /** Pumps no longer on the ward. */
  taken: ReadonlySet<string>;
}

type Step = WorkflowCheck['steps'][number];

/**
 * The clinical workflow, for real, after whatever a run did: a nurse gives an active order of an
 * admitted patient on a pump that stands by (BCMA: wristband, medication, pump; five rights; PCD-03;
 * confirm), the pump starts that infusion, and its [PCD-01] observation reaches the patient's chart.
 * Never throws: a step that fails says why (codes and ids only, never a patient's name), and the
 * steps after it are not tried.
 */
export async function checkWorkflow(round: WardRound): Promise<WorkflowCheck> {
  const steps: Step[] = [];
  try {
    await runWorkflow(round, steps);
  } catch (error) {
    // A component that failed under the run's attack (a closed EHR, a dead pump) fails the check.
    const code = isPumplabError(error) ? error.code : error instanceof Error ? error.name : 'Error';
    steps.push({ step: 'unexpected-failure', ok: false, detail: code });
  }
  return { ok: steps.length > 0 && steps.every((step) => step.ok), steps };
}

/** Plays the steps into `steps`, stopping at the first that fails. */
async function runWorkflow(round: WardRound, steps: Step[]): Promise<void> {
  const choice = chooseOrder(round);
  steps.push(choice.step);
  if (!choice.found) return;
  const { serial, order } = choice.found;
  const pump = round.fleet.pump(serial);
  let started = false;
  const stop = pump?.onMessage((message) => (started ||= startedInfusion(message, order.orderId)));
  try {
    const refused = await administer(round.pointOfCare, order, serial).catch((error: unknown) => {
      if (isPumplabError(error)) return error.code;
      throw error;
    });
    steps.push({
      step: 'administer',
      ok: refused === undefined,
      detail: refused === undefined ? 'five rights checked, PCD-03 accepted, confirmed at the pump' : refused,
    });
    if (refused !== undefined) return;
    const running = await round.time.poll(() => started || undefined, stepBudgetMs);
    steps.push({
      step: 'pump-started',
      ok: running === true,
      detail: running ? `${serial} infuses ${order.orderId}` : `${serial} did not start within 5 lab minutes`,
    });
    if (!running) return;
  } finally {
    stop?.();
  }
  const charted = await round.time.poll(() => chartedBy(round.ehr, order, serial), stepBudgetMs);
  steps.push({
    step: 'charted',
    ok: charted !== undefined,
    detail: charted ?? `no observation of ${order.orderId} reached the chart within 5 lab minutes`,
  });
}

/** A pump that stands by on the ward and an order its care area's library can give. */
function chooseOrder(round: WardRound): { step: Step; found?: { serial: string; order: InfusionOrder } } {
  const standing = round.fleet.serials.filter((serial) => {
    const pump = round.fleet.pump(serial);
    if (!pump || round.taken.has(serial) || !round.fleet.link(serial)?.stats.connected) return false;
    return pump.status().state === 'standby';
  });
  if (standing.length === 0) {
    return { step: { step: 'choose-pump', ok: false, detail: 'no connected pump stands by' } };
  }
  const orders = round.ehr.orders({ status: 'active' });
  for (const serial of standing) {
    const careArea = round.fleet.pump(serial)?.identity.careArea;
    const stocked = round.library.careAreas.find((area) => area.id === careArea)?.drugs ?? [];
    const order = orders.find((candidate) => {
      const patient = round.ehr.patient(candidate.mrn);
      const onLibrary = stocked.some((drug) => drug.id === candidate.drugId);
      // The nurse gives what the five rights allow: an order against a recorded allergy is the
      // EHR's catch, not a test of the workflow.
      const safe = allergiesAgainst(patient.allergies, candidate).length === 0;
      return patient.admitted && patient.careArea === careArea && onLibrary && safe;
    });
    if (order) {
      const detail = `order ${order.orderId} (${order.drugId}) on ${serial} in ${careArea ?? '?'}`;
      return { step: { step: 'choose-pump', ok: true, detail }, found: { serial, order } };
    }
  }
  const detail = `no active order fits the care area of a standing pump (${standing.join(', ')})`;
  return { step: { step: 'choose-pump', ok: false, detail } };
}

/** The pump reported that it infuses `orderId`. */
function startedInfusion(message: OutgoingMessage, orderId: string): boolean {
  if (message.channel === 'command-results') return false;
  const { state, infusion } = message.payload;
  return state === 'infusing' && infusion?.infusionId === orderId;
}

/** The chart shows a report of `order` by `serial`; its control id, or undefined. */
function chartedBy(ehr: Ehr, order: InfusionOrder, serial: string): string | undefined {
  const entry = ehr
    .chart(order.mrn)
    .observations.find(
      (observation) => observation.infusionId === order.orderId && observation.pumpId === serial,
    );
  return entry && `an observation of ${serial} charted`;
}
