import { RingLog } from '../log/ring-log.ts';

/**
 * A flow the policy allowed whose service did not answer behind the gateway (refused, timed out):
 * what a firewall's log shows as "allowed, then reset by the destination".
 */
export interface UnreachableFlow {
  /** Lab time, ms since the epoch. */
  at: number;
  fromAddress: string;
  fromZone: string;
  toZone: string;
  service: string;
  /** The upstream error (ECONNREFUSED, connect timeout), no payload. */
  reason: string;
}

/** The gateway's log of unreachable flows, bounded as its decision log is. */
export class UnreachableFlowLog extends RingLog<UnreachableFlow> {}
