import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('./pump-server-child.ts', import.meta.url));

/** A pump server running in its own process. */
export interface ChildServer {
  child: ChildProcess;
  port: number;
}

/** Starts the pump server in a child process on `port` (0: any) and waits until it listens. */
export async function spawnPumpServer(stateDir: string, port = 0): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, stateDir, String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`pump server child exited ${code}: ${stderr}`)));
  });
  return { child, port: await listening };
}

/** Kills the child with `signal` and waits for it to be gone. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
