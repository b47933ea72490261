/**
 * Text made safe for HTML. Every string a report puts on a page goes through `esc`: scenario files
 * are user-written, and lab log lines quote what clients sent.
 */

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `text` for an element's content or a quoted attribute value. */
export const esc = (text: string): string => text.replace(/[&<>"']/g, (char) => entities[char] ?? char);

/** A list of escaped items; nothing when empty. */
export const htmlList = (items: readonly string[]): string =>
  items.length === 0 ? '' : `<ul>${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;

/** Escaped paragraphs (a blank line splits two). */
export function htmlParagraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${esc(paragraph)}</p>`)
    .join('');
}
