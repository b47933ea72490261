/**
 * Text from a scenario file or a lab log, made safe to put in Markdown. A scenario file is
 * user-written data: a title with `<script>` or `|` must stay text when the handout is rendered
 * (CommonMark passes raw HTML through, and a `|` would split a table cell).
 */

/**
 * Escapes Markdown and inline-HTML syntax in `text`, and folds line breaks into spaces. What cannot
 * start markup is left alone so the raw file stays readable: `_` inside a word (GATEWAY_FLOW_DENIED;
 * CommonMark never opens emphasis there), and `&` that does not begin an entity (ATT&CK).
 */
export function mdText(text: string): string {
  return text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/[\\`*[\]<>|~]/g, (char) => `\\${char}`)
    .replace(/^#/, '\\#')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/\r?\n/g, ' ');
}

/** Escapes a paragraph: like mdText, but keeps its line breaks as paragraph breaks. */
export function mdParagraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => mdText(paragraph.trim()))
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** A bullet list; "_none_" when empty. */
export const mdList = (items: readonly string[]): string =>
  items.length === 0 ? '- _none_' : items.map((item) => `- ${item}`).join('\n');

/** A table: a header row, the separator, then rows (cells already escaped). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
