import { settingsFor } from '../../../scenarios/controls/lab-settings.ts';
import type {
  Endpoint,
  LabObservations,
  LabUnderTest,
  PhysicalAccess,
} from '../../../scenarios/engine/lab-under-test.ts';
import type { AttackContext } from '../../../scenarios/actions/action.ts';
import { createAttackContext } from '../../../scenarios/actions/attack-context.ts';

/** What a test stands up in place of a lab: endpoints by service, consoles, observations, hands. */
export interface FakeLabParts {
  endpoints?: Record<string, Endpoint>;
  consoles?: Endpoint[];
  observe?: Partial<LabObservations>;
  physical?: Partial<PhysicalAccess>;
}

const none = (): never[] => [];

/**
 * A LabUnderTest over real listeners on 127.0.0.1: the lab is 127.0.0.0/8, the attacker stands on
 * 127.0.0.1, lab time is real time. Only what a test gives exists; the rest is empty or throws.
 */
export function fakeLab(parts: FakeLabParts = {}): LabUnderTest {
  const unsupported = (what: string) => (): never => {
    throw new Error(`the fake lab has no ${what}`);
  };
  return {
    settings: settingsFor(new Set()),
    inLab: (address) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address),
    reach: (_zone, service) => parts.endpoints?.[service],
    spareAddress: () => '127.0.0.1',
    pumpConsoles: () => parts.consoles ?? [],
    rootCertificatePem: '',
    now: () => Date.now(),
    wait: (labMs) => new Promise((resolve) => setTimeout(resolve, labMs)),
    observe: {
      pumps: none,
      orders: none,
      patients: none,
      chart: () => ({ observations: [], alarms: [] }),
      inventory: none,
      releases: () => ({ libraries: [], firmware: [] }),
      sentToEhr: none,
      decisions: none,
      admissions: none,
      alerts: none,
      securityEvents: none,
      ...parts.observe,
    },
    physical: {
      loadMedia: unsupported('media port'),
      takeDevice: unsupported('pumps to take'),
      raiseAlarm: unsupported('ward'),
      ...parts.physical,
    },
    checkWorkflow: unsupported('workflow'),
    close: () => Promise.resolve(),
  };
}

/** An attack context in a fake lab, the attacker on 127.0.0.1. */
export const fakeContext = (parts: FakeLabParts = {}): AttackContext =>
  createAttackContext(fakeLab(parts), 'enterprise');
