/**
 * A result as JSON for tools: the Outcome, MatrixResult or AblationResult as it is, with object keys
 * sorted at every level so that two runs' files differ only where their data does (`timing`), never
 * in the order an engine happened to build an object. Arrays keep their order.
 */

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}

/**
 * `value` as indented JSON with sorted keys and a final newline.
 * @example fs.writeFileSync('matrix.json', stableJson(matrix))
 */
export const stableJson = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`;
