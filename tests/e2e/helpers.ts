import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { analyseImport, applyImport, isFileError } from '../../src/lieux';
import { loadConfig } from '../../src/platform/config';
import { buildServer, type Server } from '../../src/server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export const WIDTHS = [1280, 320] as const;

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Builds web/dist when stale (bin/build-web.mjs is a no-op when up to date).
 * Test files run in parallel: a directory lock keeps two builds from writing web/dist at once.
 */
async function ensureWebBuilt(): Promise<void> {
  const lock = `${root}var/web-build.lock`;
  mkdirSync(`${root}var`, { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 3 minutes was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error('web build lock not released');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await run(process.execPath, ['bin/build-web.mjs'], { cwd: root });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface E2eServer {
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

/** The real server (API + built web app) on a free port, with an in-memory PGlite database. */
export async function startE2eServer(
  envOverrides: Record<string, string | undefined> = {},
  options: { port?: number; clock?: () => Date } = {},
): Promise<E2eServer> {
  await ensureWebBuilt();
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'memory:',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    ...envOverrides,
  });
  const server = await buildServer(config, { logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await server.app.listen({ port, host: '127.0.0.1' });
  return { baseUrl, server, close: () => server.close() };
}

/** Headless Debian Chromium (not a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Waits until the page heading is shown and the DSFR script has started (it adds attributes axe would see). */
export async function waitForPage(page: Page): Promise<void> {
  await page.locator('#titre-page').waitFor({ state: 'visible' });
  await page.waitForFunction("document.documentElement.hasAttribute('data-fr-js')", undefined, { timeout: 5_000 }).catch(() => undefined);
}

/** Evaluates an expression in the page (kept as a string: the server tsconfig has no DOM types). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

/** Runs axe-core with the WCAG 2.1 A/AA rules and fails with a readable list when anything is found. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<number> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (results.violations.length > 0) {
    const report = results.violations
      .map((v) => {
        const nodes = v.nodes
          .slice(0, 5)
          .map((n) => `      - ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ')}`)
          .join('\n');
        return `  • [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} élément(s))\n    ${v.helpUrl}\n${nodes}`;
      })
      .join('\n');
    console.error(`Accessibilité — ${label} (${page.url()}) :\n${report}`);
  }
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length})`), `violations axe sur ${label}`).toEqual([]);
  return results.passes.length;
}

const DEMO_FILES: Record<'conseiller-numerique' | 'france-services', string> = {
  'conseiller-numerique': 'data/demo/cnfs-permanences-86.json',
  'france-services': 'data/demo/france-services-86.csv',
};

/** Imports the real Vienne lieux of data/demo (both sources by default) into the test server, as a system import would. */
export async function seedDemoLieux(
  app: E2eServer,
  sources: Array<keyof typeof DEMO_FILES> = ['conseiller-numerique', 'france-services'],
): Promise<void> {
  const { db } = app.server.ctx;
  const referential = app.server.referential;
  for (const source of sources) {
    const file = DEMO_FILES[source];
    const analysis = analyseImport(readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url))), { source, fileName: file }, referential);
    if (isFileError(analysis)) throw new Error(`${file} : ${analysis.reason}`);
    await applyImport(db, analysis, { source, full: true, actor: { kind: 'system' }, fileName: file }, { referential });
  }
}
