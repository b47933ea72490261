import { PumplabError } from '../../core/errors.ts';
import { defineRoute, type Route } from '../../simulators/http/route.ts';
import { admissionQuerySchema } from '../admission/admission-log.ts';
import { decisionQuerySchema } from '../enforcement/decision-log.ts';
import { alertQuerySchema } from '../monitor/alert-log.ts';
import type { GatewayApiParts } from './gateway-api-parts.ts';
import { admissionSchema, alertSchema, decisionSchema, fromQueryString, listOf } from './record-schemas.ts';

const newestFirst =
  'Newest first, at most `limit` (default 100); `since` is lab time in ms since the epoch. The log ' +
  'keeps the most recent 10,000 entries.';

/** 404 for a log whose part does not run in this lab. */
function notRunning(part: string, what: string): PumplabError {
  return new PumplabError('REST_ROUTE_NOT_FOUND', `${what} does not run in this lab.`, { part });
}

/**
 * The gateway's logs, queryable (SP 1800-8 Vol B 4.2: every decision logged): its flow decisions,
 * the monitor's alerts, and device admission when it runs.
 */
export function logRoutes(parts: GatewayApiParts): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/decisions',
      operationId: 'listDecisions',
      tag: 'logs',
      summary:
        'Gateway decisions: time, source zone and address, destination zone and service, verdict, rule',
      description: newestFirst,
      query: fromQueryString(decisionQuerySchema, ['since', 'limit']),
      responses: [{ status: 200, description: 'The matching decisions', schema: listOf(decisionSchema) }],
      handle: ({ query }) => ({ json: { items: parts.gateway.decisions.query(query) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/alerts',
      operationId: 'listAlerts',
      tag: 'logs',
      summary: 'Security monitor alerts, optionally of one kind and at least one severity',
      description: `${newestFirst} \`severity\` is the least urgent returned: \`high\` gives high and critical.`,
      query: fromQueryString(alertQuerySchema, ['since', 'limit']),
      responses: [{ status: 200, description: 'The matching alerts', schema: listOf(alertSchema) }],
      errors: [404],
      handle: ({ query }) => {
        if (!parts.monitor) throw notRunning('monitor', 'The security monitor');
        return { json: { items: parts.monitor.alerts.query(query) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admissions',
      operationId: 'listAdmissions',
      tag: 'logs',
      summary: 'Device admission decisions: admitted, quarantined (and why) or evicted',
      description: `${newestFirst} 404 when the lab runs without device admission.`,
      query: fromQueryString(admissionQuerySchema, ['since', 'limit']),
      responses: [{ status: 200, description: 'The matching records', schema: listOf(admissionSchema) }],
      errors: [404],
      handle: ({ query }) => {
        if (!parts.admission) throw notRunning('admission', 'Device admission');
        return { json: { items: parts.admission.log.query(query) } };
      },
    }),
  ];
}
