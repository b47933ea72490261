/**
 * HL7 v2 delimiters and escape sequences (HL7 v2.7 chapter 2, 2.5.4 message delimiters and 2.7
 * "Use of escape sequences in text fields"). Every field the lab writes goes through
 * {@link escapeHl7}; every field it reads goes through {@link unescapeHl7}.
 */

/** The delimiters a message declares in MSH-1 and MSH-2 (HL7 2.5.4). */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** The recommended delimiters `|^~\&` (HL7 2.5.4): the only ones the lab writes. */
export const standardDelimiters: Readonly<Hl7Delimiters> = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/**
 * Escapes text for one component or subcomponent value (HL7 2.7.1): the escape character first,
 * then the four other delimiters; CR and LF (which would end the segment, HL7 2.5.1) become hex
 * data `\X0D\` / `\X0A\` (HL7 2.7.3).
 *
 * @example escapeHl7('A|B^C') // 'A\\F\\B\\S\\C'
 */
export function escapeHl7(text: string, delimiters: Hl7Delimiters = standardDelimiters): string {
  const e = delimiters.escape;
  const table = new Map<string, string>([
    [delimiters.escape, `${e}E${e}`],
    [delimiters.field, `${e}F${e}`],
    [delimiters.component, `${e}S${e}`],
    [delimiters.subcomponent, `${e}T${e}`],
    [delimiters.repetition, `${e}R${e}`],
    ['\r', `${e}X0D${e}`],
    ['\n', `${e}X0A${e}`],
  ]);
  let out = '';
  for (const char of text) out += table.get(char) ?? char;
  return out;
}

/**
 * Decodes the escape sequences of one value (HL7 2.7): `\F\ \S\ \T\ \R\ \E\` to delimiters, `\Xhh..\`
 * to the bytes it names (UTF-8), `\H\ \N\` (highlighting) dropped. Formatting (`\.br\`), character
 * set (`\C..\`, `\M..\`) and locally defined (`\Z..\`) sequences are kept as sent, as is an escape
 * character without its closing partner.
 *
 * @example unescapeHl7('A\\F\\B') // 'A|B'
 */
export function unescapeHl7(text: string, delimiters: Hl7Delimiters = standardDelimiters): string {
  const e = delimiters.escape;
  if (e === '' || !text.includes(e)) return text;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf(e, at);
    const end = start < 0 ? -1 : text.indexOf(e, start + 1);
    if (start < 0 || end < 0) {
      out += text.slice(at);
      break;
    }
    out += text.slice(at, start) + decodeSequence(text.slice(start + 1, end), delimiters);
    at = end + 1;
  }
  return out;
}

function decodeSequence(body: string, d: Hl7Delimiters): string {
  switch (body) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'H':
    case 'N':
      return '';
    default:
      if (/^X(?:[0-9A-Fa-f]{2})+$/.test(body)) return Buffer.from(body.slice(1), 'hex').toString('utf8');
      return `${d.escape}${body}${d.escape}`;
  }
}
