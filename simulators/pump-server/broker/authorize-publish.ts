import type { Aedes, Client, PublishPacket } from 'aedes';
import { PumplabError, type ErrorCode } from '../../../core/errors.ts';
import { channels, parsePumpTopic } from '../../contract/topics.ts';
import { parseContractPayload } from '../contract-message.ts';
import type { HookContext } from './broker-policy.ts';
import { identityOf, principalOf, sourceOf, type Principal } from './principal.ts';
import type { SecurityEventKind } from './security-events.ts';

type Verdict = { allow: true } | { allow: false; kind: SecurityEventKind; code: ErrorCode; detail: string };

const allowed: Verdict = { allow: true };
const refuse = (kind: SecurityEventKind, code: ErrorCode, detail: string): Verdict => ({
  allow: false,
  kind,
  code,
  detail,
});

/**
 * The broker's `authorizePublish` hook. In order: reserved `$SYS` topics are never published by
 * clients; with authorization on, a pump publishes only its own pump-side channels and a service
 * only commands; a pump payload over the cap is refused; a payload on a contract topic must pass
 * its schema; and an accepted contract message goes to the sink, synchronously, before aedes
 * writes the PUBACK (MQTT 3.1.1 4.3.2). A refusal closes the client's connection: MQTT 3.1.1 has no
 * negative PUBACK (3.3.5). A schema failure with authorization off is forwarded but not stored.
 */
export function authorizePublishHook(context: HookContext): Aedes['authorizePublish'] {
  return (client, packet, callback) => {
    const principal = principalOf(client);
    let verdict: Verdict;
    try {
      verdict = judge(context, principal, packet);
    } catch (error) {
      return callback(error instanceof Error ? error : new Error(String(error)));
    }
    if (!verdict.allow) {
      context.events.raise({
        kind: verdict.kind,
        code: verdict.code,
        source: sourceOf(client),
        ...identityFields(client, principal),
        topic: packet.topic,
        detail: verdict.detail,
      });
      if (verdict.kind === 'schema-rejected' && !context.controls.authorization) return callback(null);
      return callback(new PumplabError(verdict.code, verdict.detail, { topic: packet.topic }));
    }
    callback(null);
  };
}

function judge(context: HookContext, principal: Principal, packet: PublishPacket): Verdict {
  // aedes issue #597: a client publishing under $SYS could impersonate the broker.
  if (packet.topic.startsWith('$SYS')) {
    return refuse('publish-denied', 'BROKER_PUBLISH_DENIED', '$SYS topics are the broker’s own');
  }
  const route = parsePumpTopic(packet.topic);
  if (context.controls.authorization) {
    const denied = permission(principal, route);
    if (denied) return refuse('publish-denied', 'BROKER_PUBLISH_DENIED', denied);
  }
  if (!route) return allowed;
  const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
  if (channels[route.channel].publisher === 'pump' && payload.length > context.limits.pumpPayloadBytes) {
    return refuse(
      'oversized',
      'BROKER_PAYLOAD_TOO_LARGE',
      `a ${payload.length}-byte ${route.channel} payload; the limit is ${context.limits.pumpPayloadBytes}`,
    );
  }
  const check = parseContractPayload(route, payload);
  if (!check.ok) return refuse('schema-rejected', 'BROKER_SCHEMA_REJECTED', check.problem);
  try {
    context.sink(check.message, principal);
  } catch (error) {
    // Nothing is acknowledged that is not stored: the client resends after reconnecting.
    context.logger.error({ err: error, topic: packet.topic }, 'accepted message could not be stored');
    throw error;
  }
  return allowed;
}

/** Why `principal` may not publish on `route`, or undefined when it may (SP 1800-8 Vol B 4.5). */
function permission(principal: Principal, route: ReturnType<typeof parsePumpTopic>): string | undefined {
  if (!route) return 'the topic is outside the pumplab/v1 contract';
  if (principal.kind === 'pump') {
    if (route.serial !== principal.serial)
      return `pump ${principal.serial} may not publish as ${route.serial}`;
    if (channels[route.channel].publisher !== 'pump') return `a pump may not publish ${route.channel}`;
    return undefined;
  }
  if (principal.kind === 'service') {
    return route.channel === 'commands'
      ? undefined
      : `a service publishes commands only, not ${route.channel}`;
  }
  return 'an unauthenticated client may not publish';
}

function identityFields(
  client: Client | null,
  principal: Principal,
): { identity?: string; clientId?: string } {
  const identity = identityOf(principal);
  return {
    ...(identity === undefined ? {} : { identity }),
    ...(client?.id ? { clientId: client.id } : {}),
  };
}
