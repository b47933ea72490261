import { ManualClock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import type { TlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { ConfirmedInfusion } from '../../../simulators/poc/bcma-session.ts';
import { PointOfCare } from '../../../simulators/poc/workstation.ts';
import { due, heparinOrder, patient, propofolOrder, salineOrder } from './poc-fixtures.ts';
import { pocPki, startStandInEhr, startStandInPumpServer } from './poc-lab.ts';

export interface WorkstationOptions {
  material?: TlsMaterial;
  /** The pump server port (default the stand-in's). */
  pumpServerPort?: number;
  onConfirm?: (infusion: ConfirmedInfusion) => Promise<void>;
  /** Start the RRG^O16 inbox (mutual TLS). */
  inbox?: boolean;
}

/**
 * The lab PKI, a stand-in EHR serving one patient and three orders, a stand-in pump server, and
 * workstations (identity poc-1, nurse N0001, lab clock 10 min after the orders are due).
 */
export async function startPocHarness() {
  const pki = pocPki();
  const ehr = await startStandInEhr(pki.ehr, patient, [heparinOrder, salineOrder, propofolOrder]);
  const pumpServer = await startStandInPumpServer(pki.pumpServer);
  const opened: PointOfCare[] = [];
  const confirmed: ConfirmedInfusion[] = [];
  return {
    pki,
    ehr,
    pumpServer,
    confirmed,
    async workstation(options: WorkstationOptions = {}): Promise<PointOfCare> {
      const poc = await PointOfCare.start({
        tls: { material: options.material ?? pki.poc, policy: { checkRevocation: false } },
        ehr: { host: '127.0.0.1', port: ehr.port },
        pumpServer: { host: '127.0.0.1', port: options.pumpServerPort ?? pumpServer.server.port },
        clock: new ManualClock(due + 10 * 60_000),
        nurseId: 'N0001',
        onConfirm: options.onConfirm ?? (async (infusion) => void confirmed.push(infusion)),
        responseTimeoutMs: 5_000,
        ...(options.inbox ? { inbox: { policy: { requireClientCert: true, checkRevocation: false } } } : {}),
      });
      opened.push(poc);
      return poc;
    },
    /** Every order active again, logs empty, the pump server accepting. */
    reset(): void {
      for (const order of ehr.orders.values()) order.status = 'active';
      ehr.calls.length = 0;
      pumpServer.received.length = 0;
      pumpServer.senders.length = 0;
      pumpServer.answer = { accepted: true };
      confirmed.length = 0;
    },
    /** The PATCH calls the EHR has seen. */
    patches: (): string[] => ehr.calls.filter((call) => call.startsWith('PATCH')),
    async close(): Promise<void> {
      await Promise.all(opened.map((poc) => poc.close()));
      await ehr.close();
      await pumpServer.server.close();
    },
  };
}
export type PocHarness = Awaited<ReturnType<typeof startPocHarness>>;

/** The catalogue code a call throws (or rejects with), or undefined when it succeeds. */
export async function codeOf(call: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    return isPumplabError(error) ? error.code : String(error);
  }
  return undefined;
}
