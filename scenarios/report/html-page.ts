import { esc } from './html-text.ts';

/**
 * The page every HTML report is: one standalone document with its CSS inline and no script, no
 * font, no image fetched, so it opens offline on a projector. Large type and strong contrast for a
 * room; blocked and succeeded differ by colour, by pattern and by their words and symbols, so a
 * colour-blind reader or a black-and-white print loses nothing.
 */

/** The symbols the cells and the legend share. */
export const symbols = {
  blocked: '✔',
  succeeded: '✖',
  notRun: '–',
  detected: '◉',
  undetected: '○',
  singlePoint: '⚠',
} as const;

const css = `
:root { color-scheme: light; }
body { font: 20px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; background: #fff;
  margin: 1.5rem auto; max-width: 96rem; padding: 0 1rem; }
h1 { font-size: 2.1rem; margin: 0 0 .4rem; } h2 { font-size: 1.6rem; margin-top: 2rem; } h3 { font-size: 1.25rem; }
.meta, footer { color: #333; font-size: .95rem; }
footer { margin-top: 3rem; border-top: 2px solid #999; padding-top: .5rem; }
table.grid { border-collapse: separate; border-spacing: 6px; width: 100%; }
.grid th { text-align: left; vertical-align: bottom; font-size: 1.05rem; padding: .3rem; }
.grid th.row { vertical-align: top; max-width: 16rem; }
td.cell { vertical-align: top; padding: .55rem .7rem; border: 3px dashed #555; border-radius: 6px; min-width: 9rem; }
td.cell.detected { border: 5px solid #000; }
td.blocked { background: #cfe3f5; color: #08306b; }
td.succeeded { color: #5a1a00;
  background: repeating-linear-gradient(135deg, #fdd0a2 0 14px, #fbb97f 14px 22px); }
td.not-run { background: #eee; color: #222; }
/* The ablation has a column per control: thirteen must fit a 1920-pixel projector. */
table.grid.compact { font-size: .8rem; border-spacing: 4px; }
.compact td.cell { min-width: 0; padding: .35rem .4rem; border-width: 2px; }
.compact td.cell.detected { border-width: 4px; }
.compact .label { font-size: .95rem; }
.compact th { font-size: .85rem; }
td.spof { outline: 5px double #000; outline-offset: -11px; }
.label { font-weight: 800; font-size: 1.15rem; letter-spacing: .02em; }
.sym { font-size: 1.3rem; margin-right: .25rem; }
.sub { display: block; font-size: .95rem; }
details summary { cursor: pointer; list-style-position: outside; }
details[open] { background: rgba(255,255,255,.85); }
.evidence { font-size: .85rem; color: #111; margin-top: .4rem; }
.evidence ul { margin: .2rem 0 .4rem 1.1rem; padding: 0; }
code { font-size: .9em; }
.legend { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; padding: 0; list-style: none; }
.legend li { border: 3px dashed #555; border-radius: 6px; padding: .3rem .7rem; }
.card { border: 4px solid #000; border-radius: 8px; padding: .6rem 1.2rem; }
@media print { body { font-size: 12pt; } details { display: block; } }
`;

/** The legend: each colour said in words and a symbol too. */
export function legend(withSinglePoint: boolean): string {
  const items = [
    `<li class="cell blocked"><span class="sym">${symbols.blocked}</span><span class="label">BLOCKED</span>: a control or the product stopped it (blue)</li>`,
    `<li class="cell succeeded"><span class="sym">${symbols.succeeded}</span><span class="label">SUCCEEDED</span>: the attacker got what it came for (orange, striped)</li>`,
    `<li class="cell detected"><span class="sym">${symbols.detected}</span>detected: the monitor raised an alert (solid border)</li>`,
    `<li class="cell"><span class="sym">${symbols.undetected}</span>not detected: no alert (dashed border)</li>`,
    `<li class="cell not-run"><span class="sym">${symbols.notRun}</span><span class="label">NOT RUN</span>: the cell failed to run</li>`,
    ...(withSinglePoint
      ? [
          `<li class="cell spof"><span class="sym">${symbols.singlePoint}</span>single point of failure: the only control that stopped it (double frame)</li>`,
        ]
      : []),
  ];
  return `<ul class="legend" aria-label="Legend">${items.join('')}</ul>`;
}

/**
 * A complete HTML document around `body` (already escaped HTML), with the timing line as its
 * footer: the one place a report shows when and how long it ran.
 */
export function htmlPage(title: string, body: string, timing: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    body,
    `<footer>${esc(timing)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
