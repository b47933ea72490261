/**
 * Server-Sent Events framing (WHATWG HTML 9.2.6, "Interpreting an event stream"). As Hono's SSE
 * writer does, a field that would break the framing is refused rather than sent: a line break in
 * `event` would let data inject a second event.
 */

/** The media type of an event stream (WHATWG HTML 9.2.5). */
export const eventStreamMediaType = 'text/event-stream';

/** One event: its type (the listener a browser's EventSource calls) and its data. */
export interface SseEvent {
  event: string;
  data: string;
}

const lineBreak = /\r\n|\r|\n/;

/**
 * The event as the stream carries it: `event:` then one `data:` line per line of data, ended by a
 * blank line. Data may span lines; each becomes its own `data:` line and the client joins them.
 *
 * @example formatSseEvent({ event: 'decision', data: '{"verdict":"deny"}' }) // 'event: decision\ndata: {"verdict":"deny"}\n\n'
 * @throws RangeError when `event` holds a line break
 */
export function formatSseEvent({ event, data }: SseEvent): string {
  if (lineBreak.test(event)) throw new RangeError('an SSE event type may not hold a line break');
  const lines = data.split(lineBreak).map((line) => `data: ${line}\n`);
  return `event: ${event}\n${lines.join('')}\n`;
}

/**
 * A comment line: the client ignores it, but it keeps an idle connection from being cut by a proxy
 * and shows the writer that the client is gone.
 *
 * @example formatSseComment('heartbeat') // ': heartbeat\n\n'
 */
export function formatSseComment(text: string): string {
  return text
    .split(lineBreak)
    .map((line) => `: ${line}\n`)
    .join('')
    .concat('\n');
}
