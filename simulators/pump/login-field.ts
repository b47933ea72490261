/**
 * The legacy console's user field: a fixed buffer of this many bytes, the C struct the flaw models
 * (`char user[64]; int authenticated;`).
 */
export const userFieldBytes = 64;

/** What copying a login's user field into its buffer did. */
export type UserFieldCopy =
  | { kind: 'fits' }
  /** Fixed firmware: the copy is bounded and the over-long field refused. */
  | { kind: 'too-long'; bytes: number }
  /**
   * Vulnerable firmware: the copy ran past the buffer into the adjacent `authenticated` flag.
   * `shown` is what the buffer now holds (its 64 bytes, unterminated); `flagSet` whether a byte that
   * landed on the flag was not zero.
   */
  | { kind: 'overflowed'; shown: string; overflowBytes: number; flagSet: boolean };

/**
 * Copies a login's user field as the console's parser does. Legacy firmware copies it unbounded
 * (a `strcpy`, the memory-safety flaw of CVE-2017-12718, Medfusion 4000, fixed in a later release:
 * ADVISORIES.md pattern 6): bytes past the 64th overwrite the session's `authenticated` flag. Fixed
 * firmware checks the length first.
 *
 * @example copyUserField('A'.repeat(65), true) // { kind: 'overflowed', overflowBytes: 1, flagSet: true, ... }
 */
export function copyUserField(user: string, vulnerable: boolean): UserFieldCopy {
  const bytes = Buffer.from(user, 'utf8');
  if (bytes.length <= userFieldBytes) return { kind: 'fits' };
  if (!vulnerable) return { kind: 'too-long', bytes: bytes.length };
  const overflow = bytes.subarray(userFieldBytes);
  return {
    kind: 'overflowed',
    shown: bytes.subarray(0, userFieldBytes).toString('utf8'),
    overflowBytes: overflow.length,
    flagSet: overflow.some((byte) => byte !== 0),
  };
}

/**
 * The console line that exploits the flaw: `login`, a user field of 65 `A`s (one byte past the
 * buffer, landing on the flag), and a password that is never checked. A pentester sees
 * `OK logged in as AAAA…` (64 `A`s) on vulnerable firmware and `ERR input too long` on fixed.
 *
 * @example client.write(`${parserExploitLine}\r\n`)
 */
export const parserExploitLine = `login ${'A'.repeat(userFieldBytes + 1)} x`;
