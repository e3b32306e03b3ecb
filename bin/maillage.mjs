#!/usr/bin/env node
// The `maillage` command: runs the TypeScript CLI through tsx, so `npx maillage …` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
