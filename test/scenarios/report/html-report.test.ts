import { describe, expect, it } from 'vitest';
import { ablationHtml } from '../../../scenarios/report/ablation-html.ts';
import { matrixHtml } from '../../../scenarios/report/matrix-html.ts';
import { outcomeHtml } from '../../../scenarios/report/outcome-html.ts';
import { ablation, blockedOutcome, hostileTitle, matrix, scenario } from './report-fixtures.ts';

/** Every grid cell's <td>…</td>. */
const cells = (html: string): string[] => html.match(/<td class="cell[^"]*">[\s\S]*?<\/td>/g) ?? [];

const pages = (): [string, string][] => [
  ['matrix', matrixHtml(matrix(hostileTitle))],
  ['ablation', ablationHtml(ablation(), new Map([['rogue-dose', hostileTitle]]))],
  ['outcome', outcomeHtml(scenario(hostileTitle), blockedOutcome())],
];

describe('html reports', () => {
  it.each(pages())('%s: escapes markup from a scenario file', (_, html) => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
  });

  it.each(pages())('%s: is one self-contained document, fetching nothing', (_, html) => {
    expect(html.match(/<!doctype html>/gi)).toHaveLength(1);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<\/html>\n$/);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|<link|<script|<iframe/i);
    expect(html).toContain('<style>');
  });

  it.each(pages())('%s: every cell carries its meaning in words, not colour alone', (_, html) => {
    const found = cells(html);
    expect(found.length).toBeGreaterThan(0);
    for (const cell of found) {
      expect(cell).toMatch(/<span class="label">(BLOCKED|SUCCEEDED|NOT RUN)<\/span>/);
      if (!cell.includes('NOT RUN')) expect(cell).toMatch(/[◉○]<\/span> (detected|not detected)/);
    }
  });

  it('matrix: a grid cell per scenario × posture, each with its evidence in a <details>, and a legend', () => {
    const html = matrixHtml(matrix());
    const found = cells(html);
    expect(found).toHaveLength(2);
    for (const cell of found) expect(cell).toMatch(/<details><summary>[\s\S]*<\/summary>[\s\S]*<\/details>/);
    expect(found[0]).toContain('class="cell succeeded undetected"');
    expect(found[0]).toContain('9 mL over order');
    expect(found[1]).toContain('class="cell blocked detected"');
    expect(found[1]).toContain('gateway GATEWAY_FLOW_DENIED: enterprise → pump-network mqtt denied');
    expect(html).toContain('aria-label="Legend"');
  });

  it('ablation: marks the single point of failure in words on the cell of that control', () => {
    const html = ablationHtml(ablation());
    const found = cells(html);
    // The full base, then without segmentation, then without monitoring.
    expect(found).toHaveLength(3);
    expect(found[1]).toContain('spof');
    expect(found[1]).toContain('⚠ single point of failure');
    expect(found[0]).not.toContain('single point of failure');
    expect(found[2]).not.toContain('single point of failure');
    expect(html).toContain('without Network segmentation');
  });

  it('shows the timing once, in the footer', () => {
    const html = matrixHtml(matrix());
    expect(html.match(/2025-01-01T10:00:00.000Z/g)).toHaveLength(1);
    expect(html).toMatch(
      /<footer>Run started 2025-01-01T10:00:00.000Z, took 4.2 s of real time on 2 workers.<\/footer>/,
    );
  });
});
