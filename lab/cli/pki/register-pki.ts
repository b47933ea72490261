import type { Command } from 'commander';
import { registerInit } from './init.ts';
import { registerIssue } from './issue.ts';
import { registerRevoke } from './revoke.ts';
import { registerCrl } from './crl.ts';
import { registerList } from './list.ts';
import { registerVerify } from './verify.ts';
import { registerSign } from './sign.ts';
import { registerVerifySignature } from './verify-signature.ts';
import { registerExport } from './export.ts';

/** `pumplab pki ...`: the lab's certificate authority from the command line. */
export function registerPki(program: Command): void {
  const pki = program.command('pki').description("manage the lab's certificate authority");
  for (const register of [
    registerInit,
    registerIssue,
    registerRevoke,
    registerCrl,
    registerList,
    registerVerify,
    registerSign,
    registerVerifySignature,
    registerExport,
  ]) {
    register(pki);
  }
}
