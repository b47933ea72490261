/** Defaults of the cache of valid fields. */
export const validFieldDefaults = {
  /** Fields remembered (most are a few dozen bytes, so a few MiB at most). */
  limit: 20_000,
};

/**
 * Fields hl7v2 (strict) has already found valid, keyed by HL7 version (MSH-12), delimiters
 * (MSH-1/2), segment ID, field position and the field's exact text. hl7v2 checks a field against
 * its data type in its version's dictionary and nothing else (`HL7Segment.parse` parses field by
 * field), so a field that passed once passes again: from one pump report to the next, only the
 * times, control id and values change; the codes, units, equipment ids, patient and location stay.
 * Only successes are kept, so a bad field is always checked, and reported, afresh. At most `limit`
 * are kept; the least recently used go first (in two generations, so every operation is O(1)).
 *
 * @example const slot = ValidFields.slot(scope, 'OBX', 3); if (!cache.has(slot, text)) { check(text); cache.add(slot, text); }
 */
export class ValidFields {
  /** Two generations: a hit in the old one moves to the new; when the new is full, the old goes. */
  private current = new Map<string, Set<string>>();
  private previous = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly limit = validFieldDefaults.limit) {}

  /**
   * The slot of field `position` of segment `segment` in messages of `scope` (version and
   * delimiters). Texts are kept per slot, so a lookup hashes the field's text as it is, uncopied.
   */
  static slot(scope: string, segment: string, position: number): string {
    return `${scope}\u0000${segment}\u0000${position}`;
  }

  has(slot: string, text: string): boolean {
    if (this.current.get(slot)?.has(text)) return true;
    if (!this.previous.get(slot)?.has(text)) return false;
    this.add(slot, text);
    return true;
  }

  add(slot: string, text: string): void {
    if (this.size >= this.limit / 2) {
      this.previous = this.current;
      this.current = new Map();
      this.size = 0;
    }
    let texts = this.current.get(slot);
    if (texts === undefined) {
      texts = new Set();
      this.current.set(slot, texts);
    }
    if (!texts.has(text)) {
      texts.add(text);
      this.size += 1;
    }
  }
}
