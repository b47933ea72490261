import type { Clock } from '../../core/clock.ts';
import type { AdmissionService } from '../../gateway/admission/admission-service.ts';
import { plainIpv4 } from '../../gateway/topology/ipv4-range.ts';

/** Lab ms between two log records of one unadmitted source: a flood gives one line, not thousands. */
const repeatAfterMs = 60_000;
/** Sources remembered for that; past this the memory starts over (a spoofed-address flood stays bounded). */
const rememberedSources = 1_000;

/**
 * With device admission on, the pump network itself (802.1X at the access point, SP 1800-8 Vol B
 * 4.4) carries only admitted devices and the gateway: a device that never presented a certificate
 * cannot reach a pump even from inside the pump network. Each refused source is logged in the
 * admission log as `quarantined` / `not-admitted`, once a minute of lab time.
 */
export function pumpZoneGuard(
  admission: AdmissionService,
  gatewayAddress: string,
  clock: Clock,
): (remote: string | undefined) => boolean {
  const lastLogged = new Map<string, number>();
  return (remote) => {
    const address = plainIpv4(remote ?? '') ?? '';
    if (address === gatewayAddress || admission.table.isAdmitted(address)) return true;
    const now = clock.now();
    const last = lastLogged.get(address);
    if (last === undefined || now - last >= repeatAfterMs) {
      if (lastLogged.size >= rememberedSources) lastLogged.clear();
      lastLogged.set(address, now);
      admission.log.push({
        at: now,
        address,
        zone: admission.table.pumpZone,
        verdict: 'quarantined',
        reason: 'not-admitted',
      });
    }
    return false;
  };
}
