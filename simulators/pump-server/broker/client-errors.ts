import type { Aedes, Client } from 'aedes';
import { isPumplabError } from '../../../core/errors.ts';
import type { HookContext } from './broker-policy.ts';
import { identityOf, principalOf, sourceOf } from './principal.ts';

/**
 * Errors the MQTT packet parser (mqtt-packet) and aedes's packet handlers raise for bytes that are
 * not valid MQTT 3.1.1: a topic with wildcards in a PUBLISH, a bad protocol name, broken lengths.
 */
const protocolError =
  /^(Cannot parse|Invalid|Malformed|Packet|Not supported|Connect flag|Will (QoS|Retain)|Unknown property|empty topic|[#+] is not allowed|topic has too many levels)/;

/**
 * Watches the broker's client errors. A protocol violation becomes a `malformed` security event
 * (MQTT 3.1.1 4.8: the server closes the connection, which aedes has done); refusals the hooks
 * already raised, and ordinary disconnects (resets, timeouts), are only logged.
 */
export function watchClientErrors(broker: Aedes, context: HookContext): void {
  const onError = (client: Client, error: Error): void => {
    const log = { clientId: client.id ?? undefined, source: sourceOf(client), err: error };
    if (isPumplabError(error)) {
      context.logger.debug(log, 'client disconnected after a refusal');
      return;
    }
    if (!protocolError.test(error.message)) {
      context.logger.debug(log, 'client connection ended with an error');
      return;
    }
    const identity = identityOf(principalOf(client));
    context.events.raise({
      kind: 'malformed',
      code: 'BROKER_MALFORMED_PACKET',
      source: sourceOf(client),
      ...(identity === undefined ? {} : { identity }),
      ...(client.id ? { clientId: client.id } : {}),
      detail: `not MQTT 3.1.1: ${error.message}`,
    });
  };
  broker.on('clientError', onError);
  broker.on('connectionError', onError);
  broker.on('keepaliveTimeout', (client) =>
    context.logger.info({ clientId: client.id, source: sourceOf(client) }, 'keep-alive expired'),
  );
}
