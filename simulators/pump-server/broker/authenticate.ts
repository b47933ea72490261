import type { Aedes, AuthenticateError, Client } from 'aedes';
import { PumplabError } from '../../../core/errors.ts';
import type { HookContext } from './broker-policy.ts';
import { connectionOf, identityOf, setPrincipal, sourceOf, type Principal } from './principal.ts';

/** CONNACK return codes (MQTT 3.1.1 3.2.2.3, table 3.1). */
const identifierRejected = 2;
const notAuthorized = 5;

type Decision = { principal: Principal } | { refused: string; returnCode: number; identity?: string };

/** A client id that can be a pump serial (topics.ts). */
const serialPattern = /^[A-Za-z0-9-]{1,32}$/;

/**
 * The broker's `authenticate` hook: decides who a client is from its TLS peer certificate (mutual
 * TLS on) or from the serial its client id claims (off), and refuses a CONNECT that does not fit
 * the posture with CONNACK 0x02 or 0x05 (MQTT 3.1.1 3.2.2.3), raising `auth-denied`.
 */
export function authenticateHook(context: HookContext): Aedes['authenticate'] {
  return (client, _username, _password, done) => {
    const decision = decide(client, context);
    if ('principal' in decision) {
      setPrincipal(client, decision.principal);
      context.logger.debug(
        { clientId: client.id, identity: identityOf(decision.principal) },
        'client authenticated',
      );
      done(null, true);
      return;
    }
    context.events.raise({
      kind: 'auth-denied',
      code: 'BROKER_AUTH_DENIED',
      source: sourceOf(client),
      clientId: client.id,
      ...(decision.identity === undefined ? {} : { identity: decision.identity }),
      detail: decision.refused,
    });
    const error = new PumplabError('BROKER_AUTH_DENIED', decision.refused, { clientId: client.id });
    done(Object.assign(error, { returnCode: decision.returnCode }) as unknown as AuthenticateError, false);
  };
}

function decide(client: Client, { controls }: HookContext): Decision {
  if (!controls.mutualTls) return decideByClaim(client.id, controls.authorization);
  const peer = connectionOf(client)?.peer;
  if (!peer) return { refused: 'no verified client certificate', returnCode: notAuthorized };
  const identity = peer.deviceSerial ?? peer.commonName ?? peer.serial;
  if (peer.role === 'device') {
    if (!peer.deviceSerial) {
      return {
        refused: 'a device certificate without one device serial',
        returnCode: notAuthorized,
        identity,
      };
    }
    // The contract: a pump's client id is its serial, so a session cannot be taken over by another
    // pump's certificate (MQTT 3.1.1 3.1.4-2 hands a client id's session to whoever connects with it).
    if (controls.authorization && client.id !== peer.deviceSerial) {
      return {
        refused: `client id ${client.id} is not the certificate's serial ${peer.deviceSerial}`,
        returnCode: identifierRejected,
        identity,
      };
    }
    return { principal: { kind: 'pump', serial: peer.deviceSerial, proven: true } };
  }
  if (peer.role === 'service' || peer.role === 'client') {
    return { principal: { kind: 'service', name: peer.commonName ?? peer.serial } };
  }
  return {
    refused: `a ${peer.role} certificate is not a client identity`,
    returnCode: notAuthorized,
    identity,
  };
}

/**
 * Without mutual TLS the broker has only the client's word. With authorization on, a client id that
 * is a serial is taken as that pump: the weakness SP 1800-8 closes with device certificates.
 */
function decideByClaim(clientId: string, authorization: boolean): Decision {
  if (serialPattern.test(clientId)) return { principal: { kind: 'pump', serial: clientId, proven: false } };
  if (!authorization) return { principal: { kind: 'anonymous' } };
  return { refused: `client id ${clientId} is not a pump serial`, returnCode: identifierRejected };
}
