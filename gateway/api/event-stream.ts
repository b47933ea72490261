import type { Logger } from '../../core/logger.ts';
import { formatSseComment, formatSseEvent } from './sse-message.ts';

/** One source of the live stream: a log's new entries, sent as events of type `event`. */
export interface EventFeed {
  event: string;
  /** Calls `listener` on every new entry; returns the function that stops it. */
  subscribe(listener: (entry: unknown) => void): () => void;
  /** What is sent of an entry (its API schema's output), as JSON. */
  serialize(entry: unknown): unknown;
}

/** Defaults of every client's stream. Times are real milliseconds: they keep a real socket alive. */
export const eventStreamDefaults = {
  heartbeatMs: 15_000, // a comment line this often, so an idle stream is not cut by a proxy
  maxBacklogBytes: 1024 * 1024, // what a client may fall behind before it is dropped
};
export type EventStreamLimits = typeof eventStreamDefaults;

/** What the writer needs of a response: express's, or any writable stream. */
export interface EventSink {
  /** Bytes written but not yet taken by the client (response and socket buffers). */
  readonly writableLength: number;
  write(text: string): boolean;
  destroy(): void;
}

/**
 * Streams every feed's new entries to one client as Server-Sent Events until `closed` aborts, with
 * a heartbeat comment every `heartbeatMs`. A client that does not read falls behind; once more than
 * `maxBacklogBytes` wait for it, it is dropped (its connection destroyed) instead of growing the
 * server's memory: its EventSource reconnects and queries the logs for what it missed. Every
 * subscription and the heartbeat end when the stream does.
 *
 * @example route handler: ({ contentType: 'text/event-stream', open: (response, closed) => pipeFeeds(response, closed, feeds, eventStreamDefaults, logger) })
 */
export function pipeFeeds(
  sink: EventSink,
  closed: AbortSignal,
  feeds: readonly EventFeed[],
  limits: EventStreamLimits,
  logger: Logger,
): void {
  if (closed.aborted) return;
  const stops: (() => void)[] = [];
  const stop = (): void => {
    for (const release of stops.splice(0)) release();
  };
  const send = (text: string): void => {
    if (closed.aborted) return;
    if (sink.writableLength > limits.maxBacklogBytes) {
      logger.warn({ backlogBytes: sink.writableLength }, 'event stream client too slow; dropped');
      stop();
      sink.destroy();
      return;
    }
    sink.write(text);
  };
  for (const feed of feeds) {
    // A listener runs inside the log's record(): a failure here must never reach the gateway.
    const unsubscribe = feed.subscribe((entry) => {
      try {
        send(formatSseEvent({ event: feed.event, data: JSON.stringify(feed.serialize(entry)) }));
      } catch (error) {
        logger.error({ err: error, event: feed.event }, 'event stream could not send an entry');
      }
    });
    stops.push(unsubscribe);
  }
  const heartbeat = setInterval(() => send(formatSseComment('heartbeat')), limits.heartbeatMs);
  heartbeat.unref();
  stops.push(() => clearInterval(heartbeat));
  closed.addEventListener('abort', stop, { once: true });
  closed.addEventListener('abort', () => logger.debug('event stream closed'), { once: true });
  logger.debug({ feeds: feeds.map((feed) => feed.event) }, 'event stream opened');
  send(formatSseComment('connected'));
}
