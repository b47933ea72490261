import { describe, expect, it } from 'vitest';
import { formatSseComment, formatSseEvent } from '../../../gateway/api/sse-message.ts';

describe('Server-Sent Events framing', () => {
  it('writes an event as its type, its data and a blank line', () => {
    expect(formatSseEvent({ event: 'decision', data: '{"verdict":"deny"}' })).toBe(
      'event: decision\ndata: {"verdict":"deny"}\n\n',
    );
  });

  it('gives each line of multi-line data its own data line, so no line can end the event early', () => {
    expect(formatSseEvent({ event: 'alert', data: 'one\n\nevent: forged\r\nthree' })).toBe(
      'event: alert\ndata: one\ndata: \ndata: event: forged\ndata: three\n\n',
    );
  });

  it('refuses an event type with a line break in it', () => {
    for (const event of ['a\nb', 'a\rb', 'a\r\nb']) {
      expect(() => formatSseEvent({ event, data: '{}' })).toThrow(RangeError);
    }
  });

  it('writes a comment that a client ignores', () => {
    expect(formatSseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(formatSseComment('a\nb')).toBe(': a\n: b\n\n');
  });
});
