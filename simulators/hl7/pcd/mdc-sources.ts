/**
 * Where each ISO/IEEE 11073-10101 (MDC) code the lab writes was checked. A context-free code is
 * `partition * 2^16 + term code` (IHE PCD TF-2 Rev 8.0 Appendix A.1), so a TF-3 entry written as
 * `2::26712` is checked as 131072 + 26712 = 157784.
 *
 * Status:
 * - `confirmed`: the code and reference id appear together in an IHE publication named in `source`.
 * - `derived`: the reference id and `partition::code` appear in IHE TF-3; the decimal is arithmetic.
 * - `secondary`: only a third-party source or a code without its reference id was found.
 * - `unconfirmed`: no code was found; the lab writes `0` in CWE-1, as IHE's own samples do for
 *   terms whose codes are pending (IPEC Rev 1.5 X.1.2.2 note), and reads the reference id.
 */
export type MdcStatus = 'confirmed' | 'derived' | 'secondary' | 'unconfirmed';

/** IHE PCD TF-2 Rev 8.0 (2018-10-23), markdown in github.com/IHEPCD/ihe-ocd-tf-2019 @368f90c. */
export const tf2 = 'IHE PCD TF-2 Rev 8.0 (2018-10-23)';
/** IHE PCD TF-3 Rev 8.0 (2018-10-23), Section 7.1 Device: Infusion Pump, same repository. */
export const tf3 = 'IHE PCD TF-3 Rev 8.0 (2018-10-23) 7.1';
/** IHE PCD IPEC supplement Rev 1.5 TI (2015-11-25), X.1.2.2 sample message (11073-10101b model). */
export const ipec = 'IHE PCD IPEC Suppl. Rev 1.5 (2015-11-25) X.1.2.2';
