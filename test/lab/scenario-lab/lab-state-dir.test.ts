import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshLabStateDir, removeLabStateDir } from '../../../lab/scenario-lab/lab-state-dir.ts';
import { loadTlsMaterial } from '../../../pki/tls/tls-material.ts';

describe("a scenario run's state directory", () => {
  it('removes the PKI templates of processes that are gone when it makes its own', () => {
    // A process that has exited: its pid names no running process.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const abandoned = fs.mkdtempSync(path.join(os.tmpdir(), `pumplab-pki-template-${gone}-1-`));
    const stateDir = freshLabStateDir(1);
    removeLabStateDir(stateDir);
    expect(fs.existsSync(abandoned)).toBe(false);
  });

  it('holds its own copy of the lab PKI, private keys readable by their owner only', () => {
    const first = freshLabStateDir(1);
    const second = freshLabStateDir(1);
    try {
      expect(first).not.toBe(second);
      const one = loadTlsMaterial(first, 'pump-PL00001');
      expect(loadTlsMaterial(second, 'pump-PL00001').serial).toBe(one.serial);
      const keys = path.join(first, 'pki', 'private');
      for (const file of fs.readdirSync(keys)) {
        expect(fs.statSync(path.join(keys, file)).mode & 0o077).toBe(0);
      }
    } finally {
      removeLabStateDir(first);
      removeLabStateDir(second);
    }
    expect(fs.existsSync(first)).toBe(false);
  });
});
