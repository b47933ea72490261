#!/usr/bin/env node
// The pumplab command. Node 20 cannot strip types, so register tsx's loader and run the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('../lab/cli/main.ts');
