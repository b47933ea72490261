import https from 'node:https';
import { z } from 'zod';
import { PumplabError, type ErrorCode } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import {
  clientTlsOptions,
  type ClientTlsPolicy,
  type TlsMaterial,
  type TlsTrust,
} from '../../pki/tls/tls-material.ts';
import { infusionOrderSchema, type InfusionOrder } from '../ehr/infusion-order.ts';
import { patientSchema, type Patient } from '../ehr/patient.ts';

/** Defaults of the client. */
export const ehrClientDefaults = {
  /** One request, connection included, must finish within this, in milliseconds (10 s). */
  timeoutMs: 10_000,
  /** The largest response body read, in bytes (1 MiB). */
  maxBodyBytes: 1024 * 1024,
};

export interface EhrClientOptions {
  /** `https://127.0.0.1:8443`: the EHR's REST API, without the `/api/v1` prefix. */
  baseUrl: string;
  /** The workstation's lab identity (mutual TLS), or only the lab root. */
  tls: { material: TlsMaterial | TlsTrust; policy: ClientTlsPolicy };
  timeoutMs?: number;
  logger?: Logger;
}

export type OrderStatus = InfusionOrder['status'];
/** The statuses the workstation may set (the EHR's PATCH body): it starts and completes infusions. */
export type OrderStatusUpdate = Extract<OrderStatus, 'in-progress' | 'completed'>;

const orderListSchema = z.object({ items: z.array(infusionOrderSchema) });

/** The fields of an RFC 9457 problem the client reads; anything else in it is ignored. */
const problemSchema = z.object({ code: z.string().optional() });

/**
 * A typed client of the EHR's REST API, the routes the point-of-care workstation reads and writes:
 * `GET /api/v1/patients/{mrn}`, `GET /api/v1/orders?mrn=&status=`, `GET /api/v1/orders/{orderId}`
 * and `PATCH /api/v1/orders/{orderId}` with `{ status }`. Every response body is checked with zod.
 * Logs name the route template and the status only: MRNs are PHI.
 *
 * @example
 * const ehr = new EhrClient({ baseUrl: 'https://127.0.0.1:8443', tls: { material, policy } });
 * const order = await ehr.getOrder('ORD5000');
 * ehr.close();
 */
export class EhrClient {
  private readonly agent: https.Agent;
  private readonly logger: Logger;
  private readonly base: URL;

  constructor(private readonly options: EhrClientOptions) {
    this.base = new URL(options.baseUrl);
    this.agent = new https.Agent({
      keepAlive: true,
      ...clientTlsOptions(options.tls.material, options.tls.policy),
    });
    this.logger = (options.logger ?? silentLogger).child({ component: 'poc-ehr-client' });
  }

  /** @throws PumplabError POC_EHR_NOT_FOUND, POC_EHR_UNAVAILABLE, POC_EHR_RESPONSE_INVALID */
  getPatient(mrn: string): Promise<Patient> {
    return this.call('GET /patients/{mrn}', 'GET', `/api/v1/patients/${enc(mrn)}`, patientSchema);
  }

  /** The orders matching the query, e.g. a patient's active orders (the EHR answers `{ items }`). */
  async listOrders(query: { mrn?: string; status?: OrderStatus } = {}): Promise<InfusionOrder[]> {
    const search = new URLSearchParams();
    if (query.mrn !== undefined) search.set('mrn', query.mrn);
    if (query.status !== undefined) search.set('status', query.status);
    const qs = search.size > 0 ? `?${search.toString()}` : '';
    const list = await this.call('GET /orders', 'GET', `/api/v1/orders${qs}`, orderListSchema);
    return list.items;
  }

  /** @throws PumplabError POC_EHR_NOT_FOUND, POC_EHR_UNAVAILABLE, POC_EHR_RESPONSE_INVALID */
  getOrder(orderId: string): Promise<InfusionOrder> {
    return this.call('GET /orders/{orderId}', 'GET', `/api/v1/orders/${enc(orderId)}`, infusionOrderSchema);
  }

  /**
   * Moves an order to `status` and returns it as the EHR now holds it.
   *
   * Setting the status the order already has succeeds, so a lost answer may be retried.
   *
   * @throws PumplabError POC_EHR_REFUSED (e.g. a transition the EHR does not allow), and as getOrder
   */
  updateOrderStatus(orderId: string, status: OrderStatusUpdate): Promise<InfusionOrder> {
    const path = `/api/v1/orders/${enc(orderId)}`;
    return this.call('PATCH /orders/{orderId}', 'PATCH', path, infusionOrderSchema, { status });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async call<T>(
    route: string,
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const reply = await this.request(route, method, path, body);
    this.logger.debug({ route, status: reply.status }, 'EHR answered');
    if (reply.status < 200 || reply.status >= 300) throw failure(route, reply);
    const parsed = schema.safeParse(readJson(reply.text));
    if (parsed.success) return parsed.data;
    throw new PumplabError(
      'POC_EHR_RESPONSE_INVALID',
      `The EHR's answer to ${route} does not fit its schema.`,
      {
        route,
        issues: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    );
  }

  private request(route: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const timeoutMs = this.options.timeoutMs ?? ehrClientDefaults.timeoutMs;
    return new Promise<Reply>((resolve, reject) => {
      const request = https.request(new URL(this.base.pathname.replace(/\/$/, '') + path, this.base), {
        method,
        agent: this.agent,
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        timeout: timeoutMs,
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error) => {
        this.logger.debug({ route, err: error }, 'EHR request failed');
        reject(
          new PumplabError(
            'POC_EHR_UNAVAILABLE',
            `The EHR could not be reached for ${route}: ${error.message}`,
            {
              route,
            },
          ),
        );
      });
      request.on('response', (response) => {
        response.on('error', (error) => request.destroy(error));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > ehrClientDefaults.maxBodyBytes) request.destroy(new Error('response body too large'));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      request.end(payload);
    });
  }
}

interface Reply {
  status: number;
  text: string;
}

const enc = (segment: string): string => encodeURIComponent(segment);

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The error for a non-2xx answer, keeping the EHR's problem code (RFC 9457) when it sent one. */
function failure(route: string, reply: Reply): PumplabError {
  const problem = problemSchema.safeParse(readJson(reply.text));
  const ehrCode = problem.success ? problem.data.code : undefined;
  const code: ErrorCode =
    reply.status === 404
      ? 'POC_EHR_NOT_FOUND'
      : reply.status >= 500
        ? 'POC_EHR_UNAVAILABLE'
        : 'POC_EHR_REFUSED';
  // The EHR's own detail text may name the patient; only its code is kept.
  const message = `The EHR answered ${route} with HTTP ${reply.status}${ehrCode ? ` (${ehrCode})` : ''}.`;
  return new PumplabError(code, message, { route, status: reply.status, ...(ehrCode ? { ehrCode } : {}) });
}
