import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { analyseImport, applyImport, isFileError } from '../../src/lieux';
import { createSession, findUserByEmail, SESSION_COOKIE } from '../../src/platform/auth';
import { loadConfig } from '../../src/platform/config';
import { buildServer, type Server } from '../../src/server';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

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

export interface E2e {
  app: E2eServer;
  browser: Browser;
  /** Stops the browser (and its contexts) and the server. */
  close(): Promise<void>;
}
export interface E2eWithMail extends E2e {
  /** The real SMTP server the app sends its e-mails to. */
  smtp: TestSmtpServer;
}

/** The test server and Chromium, started together. */
export async function startE2e(env: Record<string, string | undefined> = {}, options: { clock?: () => Date } = {}): Promise<E2e> {
  const [app, browser] = await Promise.all([startE2eServer(env, options), launchBrowser()]);
  return {
    app,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** The same, the app sending its e-mails to a real in-process SMTP server. */
export async function startE2eWithMail(env: Record<string, string | undefined> = {}, options: { clock?: () => Date } = {}): Promise<E2eWithMail> {
  const smtp = await startSmtpServer();
  try {
    const e2e = await startE2e({ SMTP_URL: smtp.url, ...env }, options);
    return {
      ...e2e,
      smtp,
      close: async () => {
        await e2e.close();
        await smtp.close();
      },
    };
  } catch (error) {
    await smtp.close();
    throw error;
  }
}

type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [T, ...R]>;

/** `count` separate browsers (cookies, pages) in French, each waiting `timeout` ms for an element (10 s by default). */
export async function browserContexts<N extends 1 | 2 | 3 | 4>(
  browser: Browser,
  count: N,
  { timeout = 10_000, ...options }: BrowserContextOptions & { timeout?: number } = {},
): Promise<Tuple<BrowserContext, N>> {
  const contexts = await Promise.all(Array.from({ length: count }, () => browser.newContext({ locale: 'fr-FR', ...options })));
  for (const context of contexts) context.setDefaultTimeout(timeout);
  return contexts as Tuple<BrowserContext, N>;
}

/** The sign-in link of a magic-link e-mail. */
export function signInLinkFrom(text: string): string {
  const match = /https?:\/\/\S+\/connexion\/lien\?jeton=[^\s"<>]+/.exec(text);
  if (!match) throw new Error(`Pas de lien de connexion dans le courriel :\n${text}`);
  return match[0];
}

/**
 * Signs in as a person through the real magic-link flow: asks for a link on /connexion, reads it in the e-mail the
 * SMTP server received, opens it and confirms; ends on « Mon compte ».
 */
export async function signInAs(e2e: E2eWithMail, page: Page, email: string): Promise<void> {
  await page.goto(`${e2e.app.baseUrl}/connexion`);
  await waitForPage(page);
  await page.getByLabel(/Adresse e-mail/).fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  const mail = await e2e.smtp.waitForMessage(email, 10_000);
  await page.goto(signInLinkFrom(mail.text || mail.html));
  await waitForPage(page);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForURL(`${e2e.app.baseUrl}/compte`);
}

/** Gives a browser context the session of an existing user, for tests about something else than signing in. */
export async function signedInContext(e2e: E2e, context: BrowserContext, email: string): Promise<void> {
  const { db, config } = e2e.app.server.ctx;
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`Pas de compte pour ${email}`);
  const session = await createSession(db, config, user.id, 'magic_link', new Date());
  await context.addCookies([{ name: SESSION_COOKIE, value: session.secret, url: e2e.app.baseUrl }]);
}

/**
 * Waits until the page heading is shown (with `title`, that heading: after a client-side navigation the previous page's
 * heading stays until the next page's code has loaded) and the DSFR script has started.
 */
export async function waitForPage(page: Page, title?: string): Promise<void> {
  const heading = page.locator('#titre-page');
  await (title === undefined ? heading : heading.filter({ hasText: title })).waitFor({ state: 'visible' });
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

/** The page does not scroll sideways (its content fits the window's width). */
export async function expectNoOverflow(page: Page): Promise<void> {
  const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
}

/** Checks a DSFR radio or checkbox from the keyboard (focus, Space), as a keyboard-only user would. */
export async function checkWithKeyboard(input: Locator): Promise<void> {
  await input.focus();
  await input.press('Space');
  expect(await input.isChecked()).toBe(true);
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
