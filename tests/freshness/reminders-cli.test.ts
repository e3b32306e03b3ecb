// `maillage rappels` as an operator's cron runs it: a real process, the database chosen by DATABASE_URL, real SMTP.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/freshness';
import { applyImport, lieuxTables } from '../../src/lieux';
import { openDatabase } from '../../src/platform/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { franceServices, referential } from '../lieux/support';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'maillage-rappels-'));
const dataDir = join(dir, 'db');
let smtp: TestSmtpServer;
let lieuxCount = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // The Vienne's France Services, entered in the registry six months ago and never confirmed since.
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  const fs = franceServices();
  await applyImport(handle.db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  const rows = await handle.db.update(lieuxTables.lieux).set({ createdAt: addMonths(new Date(), -6) }).returning({ id: lieuxTables.lieux.id });
  lieuxCount = rows.length;
  await handle.close();
}, 90_000);
afterAll(async () => {
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function maillage(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: `file:${dataDir}`, NODE_ENV: 'test', SMTP_URL: smtp.url, PUBLIC_URL: 'http://maillage.test' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/maillage.mjs', 'rappels', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('maillage rappels', () => {
  it('simulates, then sends each due reminder once, then finds nothing more to send', async () => {
    const simulation = await maillage('--territoire', '86', '--simulation');
    expect(simulation.code).toBe(0);
    expect(simulation.stdout).toContain(`Simulation des relances (departement 86) : ${lieuxCount} relance(s) à envoyer (${lieuxCount} premières, 0 secondes)`);
    expect(smtp.messages).toHaveLength(0);

    const sent = await maillage('--territoire', '86');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`Relances (departement 86) : ${lieuxCount} envoyée(s), 0 en échec`);
    expect(smtp.messages).toHaveLength(lieuxCount);
    expect(smtp.messages.every((m) => /\/structure\/[A-Za-z0-9_-]{20,}/.test(m.text))).toBe(true);

    const again = await maillage();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Relances : 0 envoyée(s)');
    expect(smtp.messages).toHaveLength(lieuxCount);
  }, 120_000);

  it('refuses an unknown territory in French', async () => {
    const r = await maillage('--territoire', '99');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Territoire inconnu/);
  }, 60_000);
});
