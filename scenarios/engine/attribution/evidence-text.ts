/**
 * An OpenSSL error string (`<thread id>:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert
 * certificate required:../deps/openssl/...c:1601:SSL alert number 116`): its reason is what a
 * trainer reads; the thread id, function and source line are noise.
 */
const openSslError =
  /[0-9A-Za-z…]*:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):[^\s:]+:\d+(?::(SSL alert number \d+))?/g;

/**
 * Evidence lines are compared across reruns of a seed, so what differs from one run to the next
 * and says nothing to a trainer is taken out: ephemeral ports after an address, and long hex
 * identifiers (certificate serials, fabricated ids) that each run's PKI and attacker draw afresh.
 *
 * @example stableText('connect ECONNREFUSED 127.10.0.3:41234') // 'connect ECONNREFUSED 127.10.0.3'
 */
export function stableText(text: string): string {
  return text
    .replace(openSslError, (_, reason: string, alert?: string) => (alert ? `${reason} (${alert})` : reason))
    .replace(/\b(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}\b/g, '$1')
    .replace(/\b[0-9a-f]{12,}\b/gi, '…')
    .replace(/\s+/g, ' ')
    .trim();
}
