import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PumplabError, type ErrorCode } from '../../core/errors.ts';

/** A path into a YAML document: mapping keys and sequence indexes, as zod reports them. */
export type YamlPath = readonly PropertyKey[];

/** One problem in a file, where it is: `topology.yaml:12:5 unknown zone 'pump-net'`. */
export interface YamlProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The text of a problem as an editor jumps to it. */
export function formatProblem(problem: YamlProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message}`;
}

/** A parsed YAML file that still knows where each value came from. */
export interface LocatedYaml<T> {
  data: T;
  /** The problem `message` located at `path` (or, if that node is missing, its nearest parent). */
  problemAt(path: YamlPath, message: string): YamlProblem;
}

/** Throws `code` listing every problem, each `file:line:column message`; no-op when there are none. */
export function throwProblems(code: ErrorCode, what: string, problems: readonly YamlProblem[]): void {
  if (problems.length === 0) return;
  const lines = problems.map(formatProblem);
  throw new PumplabError(code, `The ${what} is not valid:\n${lines.join('\n')}`, {
    problems: lines,
    located: problems,
  });
}

/**
 * Parses `text` as YAML and validates it with `schema`. YAML syntax errors and schema errors alike
 * are thrown as `code`, each with the line and column of the offending node (yaml's LineCounter),
 * so a trainer editing a topology or policy by hand is sent to the exact place.
 */
export function parseLocatedYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  code: ErrorCode,
  what: string,
): LocatedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): YamlProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, message };
  };
  throwProblems(
    code,
    what,
    document.errors.map((error) => at(error.pos[0], error.message.split('\n')[0] ?? error.code)),
  );
  const problemAt = (path: YamlPath, message: string): YamlProblem => at(offsetOf(document, path), message);
  const parsed = schema.safeParse(document.toJS());
  if (!parsed.success) {
    throwProblems(
      code,
      what,
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => at(keyOffset(document, issue.path, key), `unknown key '${key}'`))
          : [problemAt(issue.path, describe(issue.path, issue.message))],
      ),
    );
  }
  return { data: parsed.data as z.infer<S>, problemAt };
}

function describe(path: YamlPath, message: string): string {
  const where = path.map(String).join('.');
  return where ? `${where}: ${message}` : message;
}

/** The start offset of the deepest node along `path` that exists; 0 for an empty document. */
function offsetOf(document: Document, path: YamlPath): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** The start offset of mapping key `key` under `path`: where an unknown key is written. */
function keyOffset(document: Document, path: YamlPath, key: string): number {
  const map: unknown = path.length === 0 ? document.contents : document.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return offsetOf(document, path);
}
