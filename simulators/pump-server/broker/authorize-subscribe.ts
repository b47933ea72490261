import type { Aedes } from 'aedes';
import { pumpTopic, topicRoot } from '../../contract/topics.ts';
import type { HookContext } from './broker-policy.ts';
import { identityOf, principalOf, sourceOf, type Principal } from './principal.ts';

/**
 * The broker's `authorizeSubscribe` hook. With authorization on, a pump reads only its own
 * `commands` topic (no wildcards) and a service reads the contract's topics; anything else is
 * answered with return code 0x80 in the SUBACK (MQTT 3.1.1 3.9.3) and raised as `subscribe-denied`.
 * The connection stays open: a refused subscription, unlike a refused publish, has a reply.
 */
export function authorizeSubscribeHook(context: HookContext): Aedes['authorizeSubscribe'] {
  return (client, subscription, callback) => {
    if (!context.controls.authorization) return callback(null, subscription);
    const principal = principalOf(client);
    const denied = permission(principal, subscription.topic);
    if (denied === undefined) return callback(null, subscription);
    const identity = identityOf(principal);
    context.events.raise({
      kind: 'subscribe-denied',
      code: 'BROKER_SUBSCRIBE_DENIED',
      source: sourceOf(client),
      ...(identity === undefined ? {} : { identity }),
      ...(client.id ? { clientId: client.id } : {}),
      topic: subscription.topic,
      detail: denied,
    });
    // A null subscription is aedes's way to answer 0x80 for this topic filter.
    callback(null, null);
  };
}

/** Why `principal` may not subscribe to `filter`, or undefined when it may. */
function permission(principal: Principal, filter: string): string | undefined {
  if (principal.kind === 'pump') {
    const own = pumpTopic(principal.serial, 'commands');
    return filter === own ? undefined : `pump ${principal.serial} may read only ${own}`;
  }
  if (principal.kind === 'service') {
    return filter.startsWith(`${topicRoot}/`) ? undefined : `${filter} is outside the pumplab/v1 contract`;
  }
  return 'an unauthenticated client may not subscribe';
}
