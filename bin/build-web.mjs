#!/usr/bin/env node
import { ensureWebBuilt } from './web-build.mjs';

await ensureWebBuilt({ force: process.argv.includes('--force') });
