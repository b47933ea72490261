import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { readReply, type Reply } from '../../helpers/https-reply.ts';

export type { Reply } from '../../helpers/https-reply.ts';

/** Calls the API at `url` trusting the lab root `ca`; no client certificate (server TLS only). */
export function callApi(
  url: string,
  ca: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<Reply> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const request = https.request(new URL(path, url), {
      method,
      ca,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    request.on('error', reject);
    request.on('response', (response) => readReply(response).then(resolve, reject));
    request.end(body);
  });
}

/** One event received from the stream. */
export interface ReceivedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open event stream, parsed as it arrives (WHATWG HTML 9.2.6, the parts the API uses). */
export interface StreamClient {
  response: IncomingMessage;
  events: ReceivedEvent[];
  comments: string[];
  /** The first event of type `event` (already received or still to come) that `matches`. */
  next(event: string, matches?: (data: Record<string, unknown>) => boolean): Promise<ReceivedEvent>;
  /** Disconnects, as a browser tab closing does. */
  close(): void;
}

/** Opens the event stream at `url` + `path`; resolves once the headers have arrived. */
export function openStream(url: string, ca: string, path = '/api/v1/events/stream'): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const request = https.get(new URL(path, url), { ca });
    request.on('error', reject);
    request.on('response', (response) => {
      const events: ReceivedEvent[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      response.setEncoding('utf8');
      response.on('error', () => undefined);
      response.on('data', (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) parseBlock(block, events, comments);
        for (const wake of waiters) wake();
      });
      const next: StreamClient['next'] = (event, matches = () => true) =>
        new Promise((found) => {
          const look = (): void => {
            const hit = events.find((item) => item.event === event && matches(item.data));
            if (!hit) return;
            waiters.delete(look);
            found(hit);
          };
          waiters.add(look);
          look();
        });
      resolve({ response, events, comments, next, close: () => request.destroy() });
    });
  });
}

function parseBlock(block: string, events: ReceivedEvent[], comments: string[]): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
  }
  if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
}
