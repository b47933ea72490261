/**
 * What the CLI prints: a small table or a sentence for people, one JSON document for programs. With
 * `--json`, stdout holds exactly one JSON document (the result, or `{ "error": ... }`), so a script
 * can parse it whatever the exit code; progress and diagnostics go to stderr.
 */

/** One column of a table: its header and how to read a cell from a row. */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

/**
 * Formats rows as a left-aligned, space-separated table with a header line.
 * @example formatTable([{ name: 'ehr' }], [{ header: 'NAME', value: (row) => row.name }])
 */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((c) => c.value(row))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => (line[index] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

/** Whether a command was asked for JSON output. */
export interface OutputMode {
  json?: boolean | undefined;
}

/**
 * Prints a command's result: `data` as JSON with `--json`, otherwise the text `human` returns.
 * @example emit(options, record, () => `revoked ${record.serial}`)
 */
export function emit(mode: OutputMode, data: unknown, human: () => string): void {
  process.stdout.write(mode.json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** A progress line on stderr, so stdout stays the command's result. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
