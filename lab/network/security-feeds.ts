import { securityOrigins } from '../../gateway/monitor/observations.ts';
import type { Monitor } from '../../gateway/monitor/monitor.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';

/**
 * Feeds the monitor what the lab's servers refuse: the broker's authentication and authorization
 * denials and TLS failures, and both HL7 listeners' TLS failures and rejected messages (SP 1800-8
 * Vol B 4.5: the security team sees the servers' logs beside the network's).
 */
export function watchSecurityFeeds(monitor: Monitor, server: PumpServer, ehr: Ehr): void {
  server.securityEvents.on('event', (event) => monitor.observe(securityOrigins.broker, event));
  server.hl7?.securityEvents.on('event', (event) => monitor.observe(securityOrigins.pumpServerHl7, event));
  ehr.hl7SecurityEvents?.on('event', (event) => monitor.observe(securityOrigins.ehrHl7, event));
}
