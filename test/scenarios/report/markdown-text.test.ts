import { describe, expect, it } from 'vitest';
import { mdText } from '../../../scenarios/report/markdown-text.ts';

describe('markdown text', () => {
  it.each([
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['a | b', 'a \\| b'],
    ['*bold* and [link](x)', '\\*bold\\* and \\[link\\](x)'],
    ['_emphasis_', '\\_emphasis\\_'],
    ['&lt; is an entity', '&amp;lt; is an entity'],
    ['# heading', '\\# heading'],
    ['two\nlines', 'two lines'],
  ])('escapes %j so it stays text', (raw, escaped) => {
    expect(mdText(raw)).toBe(escaped);
  });

  it.each(['GATEWAY_FLOW_DENIED', 'ATT&CK for ICS', 'C# and F#'])(
    'leaves %j readable: it cannot start markup',
    (raw) => {
      expect(mdText(raw)).toBe(raw);
    },
  );
});
