import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLabPki } from '../setup/ensure-lab-pki.ts';

/** One PKI per pump count and process: issuing the lab's keys takes seconds, copying them milliseconds. */
const templates = new Map<number, string>();

/** A template's directory name: the process that made it, then the pump count. */
const templatePattern = /^pumplab-pki-template-(\d+)-\d+-/;

/**
 * A fresh lab state directory for one run, holding a copy of the lab PKI for `pumps` pumps. Every
 * run starts from the same PKI but its own copy: a run that revokes a stolen pump's certificate
 * leaves the next run's CRLs untouched. Remove it with {@link removeLabStateDir}.
 * @example const stateDir = freshLabStateDir(6); // /tmp/pumplab-scenario-lab-Xy12ab
 */
export function freshLabStateDir(pumps: number): string {
  const template = pkiTemplate(pumps);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumplab-scenario-lab-'));
  // cpSync keeps the files' modes: the PKI store refuses a private key readable by others.
  fs.cpSync(template, stateDir, { recursive: true });
  return stateDir;
}

/** Removes a run's state directory (its PKI copy, event store, EHR chart). */
export function removeLabStateDir(stateDir: string): void {
  fs.rmSync(stateDir, { recursive: true, force: true });
}

function pkiTemplate(pumps: number): string {
  const known = templates.get(pumps);
  if (known) return known;
  if (templates.size === 0) removeAbandonedTemplates();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pumplab-pki-template-${process.pid}-${pumps}-`));
  try {
    ensureLabPki(dir, { pumps });
  } catch (error) {
    removeLabStateDir(dir);
    throw error;
  }
  templates.set(pumps, dir);
  // The template lives as long as the process that made it (a worker of the scenario matrix).
  process.once('exit', () => removeLabStateDir(dir));
  return dir;
}

/**
 * Removes the templates of processes that are gone: a worker stopped by a signal (a test runner
 * ending its forks) never runs its exit hook.
 */
function removeAbandonedTemplates(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(templatePattern.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) removeLabStateDir(path.join(os.tmpdir(), name));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
