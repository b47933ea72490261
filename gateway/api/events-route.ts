import type { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import { defineRoute, type Route } from '../../simulators/http/route.ts';
import { pipeFeeds, type EventFeed, type EventStreamLimits } from './event-stream.ts';
import type { GatewayApiParts } from './gateway-api-parts.ts';
import { admissionSchema, alertSchema, decisionSchema } from './record-schemas.ts';
import { eventStreamMediaType } from './sse-message.ts';

/** A log as a feed: its new entries, each sent through its API schema. */
function feed<T>(
  event: string,
  log: { subscribe(listener: (entry: T) => void): () => void },
  schema: z.ZodType,
): EventFeed {
  return {
    event,
    subscribe: (listener) => log.subscribe(listener),
    serialize: (entry) => schema.parse(entry),
  };
}

/** The feeds of the parts that run: decisions always, alerts and admissions when there. */
function feedsOf(parts: GatewayApiParts): EventFeed[] {
  return [
    feed('decision', parts.gateway.decisions, decisionSchema),
    ...(parts.monitor ? [feed('alert', parts.monitor.alerts, alertSchema)] : []),
    ...(parts.admission ? [feed('admission', parts.admission.log, admissionSchema)] : []),
  ];
}

const describe = (limits: EventStreamLimits): string =>
  'One Server-Sent Events stream of everything the gateway logs, as it happens: `event: decision`, ' +
  '`event: alert` and `event: admission`, each with one JSON object as `data` (an item of GET ' +
  '/api/v1/decisions, /alerts or /admissions). A comment line comes every ' +
  `${limits.heartbeatMs / 1000} s while nothing else does. Nothing is replayed: query the logs for ` +
  `what came before. A client that falls more than ${limits.maxBacklogBytes} bytes behind is ` +
  'dropped; an EventSource reconnects by itself.';

/** The live stream for the dashboard (and `curl -N`): decisions, alerts and admissions. */
export function eventsRoute(parts: GatewayApiParts, limits: EventStreamLimits, logger: Logger): Route {
  const feeds = feedsOf(parts);
  return defineRoute({
    method: 'get',
    path: '/api/v1/events/stream',
    operationId: 'streamEvents',
    tag: 'stream',
    summary: 'Decisions, alerts and admissions, live (Server-Sent Events)',
    description: describe(limits),
    responses: [{ status: 200, description: 'An endless event stream', contentType: eventStreamMediaType }],
    handle: () => ({
      contentType: eventStreamMediaType,
      open: (response, closed) => pipeFeeds(response, closed, feeds, limits, logger),
    }),
  });
}
