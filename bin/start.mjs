#!/usr/bin/env node
// `npm start`: builds the web app if missing or stale, then serves everything from one process.
import { register } from 'tsx/esm/api';
import { ensureWebBuilt } from './web-build.mjs';

await ensureWebBuilt();
register();
await import('../src/main.ts');
