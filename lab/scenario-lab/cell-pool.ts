import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { errorCatalogue, PumplabError, type ErrorCode } from '../../core/errors.ts';
import type { Outcome } from '../../scenarios/engine/outcome.ts';
import type { PostureRef } from '../../scenarios/engine/run-scenario.ts';
import type { RunCell } from '../../scenarios/engine/run-cell.ts';
import { cellReplySchema, type CellReply, type CellRequest } from './cell-messages.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = fileURLToPath(new URL('./cell-worker.ts', import.meta.url));

/** The last bytes of a worker's stderr kept for the error of a worker that died. */
const stderrTail = 2_000;

export interface CellPoolOptions {
  /** Worker processes; default one per core (`os.availableParallelism()`). */
  workers?: number;
}

interface Job {
  request: CellRequest;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

interface Worker {
  index: number;
  child: ChildProcess;
  job?: Job;
  stderr: string;
}

const describeCell = (request: CellRequest): string =>
  `${request.scenarioId} under ${request.posture.name} (seed ${request.seed})`;

/** A cell the pool could not run: its worker died or answered something unreadable. */
const cellFailed = (message: string, request: CellRequest): PumplabError =>
  new PumplabError('SCENARIO_CELL_FAILED', message, { cell: describeCell(request) });

/** The error a worker reported, as a PumplabError when its code is in the catalogue. */
function reportedError(reply: Extract<CellReply, { type: 'failed' }>, request: CellRequest): Error {
  const message = `Cell ${describeCell(request)} failed: ${reply.error.message}`;
  const code = reply.error.code;
  if (code !== undefined && code in errorCatalogue) {
    return new PumplabError(code as ErrorCode, message, reply.error.details ?? {});
  }
  return new PumplabError('SCENARIO_CELL_FAILED', message, { cell: describeCell(request) });
}

/**
 * Runs matrix cells in worker processes, one cell at a time each, every cell in a fresh embedded
 * lab on free ports (cell-worker.ts). Cells wait in a queue for a free worker. A worker that dies
 * fails the cell it held with a clear error and is replaced; `close()` stops them all.
 *
 * @example
 * const pool = CellPool.start({ workers: 2 });
 * try { await runMatrix(scenarios, postures, 'seed-1', pool.runCell, { workers: pool.size }); } finally { await pool.close(); }
 */
export class CellPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  private constructor(readonly size: number) {
    for (let index = 0; index < size; index += 1) this.workers.push(this.spawn(index));
  }

  /** Starts `workers` worker processes (they load the catalog on their first cell). */
  static start(options: CellPoolOptions = {}): CellPool {
    return new CellPool(Math.max(1, options.workers ?? os.availableParallelism()));
  }

  /** Runs one cell in the next free worker; a RunCell for runMatrix and runAblation. */
  readonly runCell: RunCell = (scenarioId: string, posture: PostureRef, seed: string) =>
    new Promise<Outcome>((resolve, reject) => {
      if (this.closed) {
        reject(new Error('The cell pool is closed.'));
        return;
      }
      const request: CellRequest = {
        type: 'run',
        id: this.nextId++,
        scenarioId,
        posture: { name: posture.name, controls: [...posture.controls] },
        seed,
      };
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });

  /** The process ids of the workers now running (to watch them, or stop one in a test). */
  pids(): number[] {
    return this.workers.flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]));
  }

  /** Stops every worker (closing its lab) and fails the cells still queued or running. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Error('The cell pool was closed before the cell ran.');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    await Promise.all(
      this.workers.map(async (worker) => {
        worker.job?.reject(stopped);
        worker.job = undefined;
        await stopWorker(worker.child);
      }),
    );
  }

  private spawn(index: number): Worker {
    const child = fork(workerScript, [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const worker: Worker = { index, child, stderr: '' };
    // A worker's output goes to this process's stderr: stdout is the CLI's, for its report.
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      worker.stderr = (worker.stderr + chunk.toString()).slice(-stderrTail);
    });
    child.on('message', (message) => this.answered(worker, message));
    child.once('exit', (code, signal) => this.died(worker, code, signal));
    child.once('error', (error) => this.died(worker, null, null, error));
    return worker;
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (worker.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      worker.job = job;
      worker.child.send(job.request);
    }
  }

  private answered(worker: Worker, message: unknown): void {
    const job = worker.job;
    if (!job) return;
    worker.job = undefined;
    const reply = cellReplySchema.safeParse(message);
    if (!reply.success || reply.data.id !== job.request.id) {
      const why = reply.success ? `an answer for cell ${reply.data.id}` : reply.error.message;
      job.reject(
        cellFailed(
          `Worker ${worker.index} answered cell ${describeCell(job.request)} with ${why}.`,
          job.request,
        ),
      );
    } else if (reply.data.type === 'outcome') job.resolve(reply.data.outcome);
    else job.reject(reportedError(reply.data, job.request));
    this.dispatch();
  }

  private died(worker: Worker, code: number | null, signal: NodeJS.Signals | null, error?: Error): void {
    if (this.closed || this.workers[worker.index] !== worker) return;
    const how = error ? `failed (${error.message})` : `exited (${signal ?? `code ${code}`})`;
    const job = worker.job;
    worker.job = undefined;
    if (job) {
      const tail = worker.stderr.trim() ? `; its last output: ${worker.stderr.trim()}` : '';
      job.reject(
        cellFailed(
          `Worker ${worker.index} ${how} while running cell ${describeCell(job.request)}${tail}`,
          job.request,
        ),
      );
    }
    if (!error) worker.child.removeAllListeners();
    this.workers[worker.index] = this.spawn(worker.index);
    this.dispatch();
  }
}

/** Asks a worker to stop (it closes its lab), and kills it if it has not gone within 10 s. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
