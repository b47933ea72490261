import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

/** The broker refusals that mean a connection from the attacker did not get a session. */
const refusedAtBroker = new Set(['tls-failure', 'auth-denied']);

/**
 * Whether the gateway let the attacker's address from the pump network through to the broker and
 * the broker raised no refusal of it during the run: a device the hospital never bought got a
 * session on the pump network's broker.
 */
function reachedBroker(record: RunRecord): boolean {
  const { address } = record.attacker;
  const { start } = record.attack;
  const allowed = record.after.decisions.some(
    (decision) =>
      decision.at >= start &&
      decision.fromAddress === address &&
      decision.fromZone === 'pump-network' &&
      decision.service === 'mqtt' &&
      decision.verdict === 'allow',
  );
  const refused = record.after.securityEvents.some(
    (event) =>
      event.at >= start &&
      event.address === address &&
      event.origin === 'pump-server-broker' &&
      refusedAtBroker.has(event.kind),
  );
  return allowed && !refused;
}

/**
 * rogue-device-joined: a device outside the hospital's inventory got onto the pump network or the
 * broker — a serial the pump server's inventory lists that was not in the ward at the start, an
 * admission of the attacker's address, or a broker session from the attacker's pump-network address.
 *
 * @example rogueDeviceJoined(record).clinical // "A device the hospital never bought joined: 1 unknown serial in the pump server's inventory."
 */
export function rogueDeviceJoined(record: RunRecord): ImpactFinding {
  const known = new Set([...record.before.inventory, ...record.before.pumps.map((pump) => pump.serial)]);
  const serials = record.after.inventory.filter((serial) => !known.has(serial));
  const admitted = record.after.admissions.filter(
    (entry) =>
      entry.verdict === 'admitted' &&
      entry.address === record.attacker.address &&
      entry.at >= record.attack.start,
  ).length;
  const broker = reachedBroker(record);
  const parts = [
    serials.length > 0
      ? `${count(serials.length, 'unknown serial')} in the pump server's inventory`
      : undefined,
    admitted > 0 ? `the gateway admitted the attacker's device to the pump network` : undefined,
    broker ? "the attacker's device reached the pump server's broker from the pump network" : undefined,
  ].filter((part) => part !== undefined);
  return {
    kind: 'rogue-device-joined',
    observed: parts.length > 0,
    clinical:
      parts.length > 0
        ? `A device the hospital never bought joined: ${parts.join('; ')}.`
        : 'No device outside the inventory got onto the pump network or the broker.',
    figures: { unknownSerials: serials.length, admissions: admitted, brokerSessions: broker ? 1 : 0 },
  };
}
