#!/usr/bin/env node
// `npm test`: type-check, lint, then the whole vitest suite (unit, database on PGlite and PostgreSQL, HTTP, browser).
// Installs Debian's chromium when it is missing, builds the web app when stale, and ends on a one-line summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureWebBuilt } from './web-build.mjs';

const CHROMIUM = '/usr/bin/chromium';

function run(title, command, args, options = {}) {
  console.log(`\n▶ ${title}`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} : échec (${seconds} s)`);
    return false;
  }
  console.log(`✔ ${title} (${seconds} s)`);
  return true;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium est introuvable (${CHROMIUM}). Installez-le : sudo apt-get install -y chromium`);
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return (
    run('Installation de chromium (Debian)', 'apt-get', ['update', '-qq'], { env }) &&
    run('Installation de chromium (Debian)', 'apt-get', ['install', '-y', '-qq', 'chromium'], { env })
  );
}

const suiteStarted = performance.now();
if (!ensureChromium()) process.exit(1);
await ensureWebBuilt();
const ok =
  run('Vérification des types', 'npm', ['run', '--silent', 'typecheck']) &&
  run('Analyse statique (eslint)', 'npm', ['run', '--silent', 'lint']);
if (!ok) process.exit(1);

mkdirSync('var', { recursive: true });
const report = 'var/test-report.json';
const passed = run('Tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const minutes = ((performance.now() - suiteStarted) / 60000).toFixed(1);
  console.log(`\nDurée totale : ${minutes} min`);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
process.exit(passed ? 0 : 1);
