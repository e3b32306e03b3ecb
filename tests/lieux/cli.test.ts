import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv, toStandardCsv } from '../../src/lieux/export';
import { registerLieuxCommands } from '../../src/lieux';
import { franceServices, referential } from './support';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const demo = (name: string) => join(root, 'data/demo', name);

/** The CLI commits for real: its own PGlite folder, removed afterwards. */
describe('maillage import / dedup / export (CLI)', () => {
  let dir: string;
  const previous = process.env.DATABASE_URL;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-lieux-cli-'));
    process.env.DATABASE_URL = `file:${join(dir, 'db')}`;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = undefined;
  });

  async function maillage(...args: string[]) {
    const program = new Command().exitOverride();
    registerLieuxCommands(program, { referential: () => referential });
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
    const error = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void err.push(String(m)));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      out.push(String(chunk));
      return true;
    });
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'maillage', ...args]);
    } finally {
      log.mockRestore();
      error.mockRestore();
      write.mockRestore();
    }
    return { out: out.join('\n'), err: err.join('\n'), code: process.exitCode ?? 0 };
  }

  it('imports a file (exit 0 even with rejected rows) and writes the JSON report', async () => {
    // One good row and one row with a bad code_postal, as a standard v1 CSV.
    const reportFile = join(dir, 'rapport.json');
    const fs = await maillage('import', demo('france-services-86.csv'), '--source', 'france-services', '--report', reportFile);
    expect(fs.err).toBe('');
    expect(fs.code).toBe(0);
    expect(fs.out).toMatch(/Import de « france-services-86\.csv » \(source france-services, format france-services-csv, complet\)/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report).toMatchObject({ total: 23, accepted: 23, rejected: 0, created: 23, updated: 0, unchanged: 0, rejects: [] });

    const broken = join(dir, 'lieux-v1.csv');
    const rows = franceServices().accepted.slice(0, 4).map((r, i) => ({ ...r.lieu, id: `exemple-${i}` }));
    rows[0] = { ...rows[0]!, code_postal: 'ABCDE' };
    writeFileSync(broken, toStandardCsv(rows));
    const validRows = rows.slice(1);
    const partial = await maillage('import', broken, '--source', 'exemple', '--report', reportFile, '--partiel');
    expect(partial.code).toBe(0);
    const second = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(second.rejected).toBe(1);
    expect(second.rejects[0]).toMatchObject({ line: 2, field: 'code_postal', value: 'ABCDE' });
    expect(second.accepted).toBe(validRows.length);
    expect(partial.out).toMatch(/ligne 2 — code_postal « ABCDE »/);

    const again = await maillage('import', demo('france-services-86.csv'), '--source', 'france-services', '--report', reportFile);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ created: 0, updated: 0, unchanged: 23 });
    expect(again.code).toBe(0);
  }, 120_000);

  it('fails (non-zero) only when the file cannot be read', async () => {
    const missing = await maillage('import', join(dir, 'absent.csv'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/Impossible de lire le fichier/);
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{ pas du json');
    const unreadable = await maillage('import', junk);
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.err).toMatch(/Fichier illisible/);
  }, 60_000);

  it('deduplicates and writes the duplicate pairs as RFC 4180 CSV', async () => {
    await maillage('import', demo('france-services-86.csv'), '--source', 'copie-fs');
    const pairsFile = join(dir, 'paires.csv');
    const res = await maillage('dedup', '--territoire', '86', '--pairs', pairsFile);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Dédoublonnage de Vienne : 1 département/);
    const parsed = parseCsv(readFileSync(pairsFile, 'utf8'));
    expect(parsed.errors).toEqual([]);
    const [header, ...pairs] = parsed.records.map((r) => r.cells);
    expect(header).toEqual(['source_a', 'id_a', 'source_b', 'id_b', 'score', 'explanation']);
    expect(pairs.length).toBeGreaterThanOrEqual(23);
    const first = pairs[0]!;
    expect(first[0]).toBe('copie-fs');
    expect(first[2]).toBe('france-services');
    expect(first[1]).toBe(first[3]);
    expect(Number(first[4])).toBeGreaterThan(0.5);
    expect(first[5]!.length).toBeGreaterThan(0);
    expect((await maillage('dedup', '--territoire', 'xx')).code).not.toBe(0);
  }, 60_000);

  it('exports the lieux in the standard CSV and the other formats', async () => {
    const csvFile = join(dir, 'export.csv');
    const res = await maillage('export', '--format', 'csv', '--territoire', '86', '-o', csvFile);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/lieu\(x\) exporté\(s\) dans/);
    expect(res.out).toMatch(/_lieux-de-mediation-numerique_Vienne\.csv/);
    const csv = parseCsv(readFileSync(csvFile, 'utf8'));
    expect(csv.records[0]!.cells.slice(0, 3)).toEqual(['id', 'pivot', 'nom']);
    expect(csv.records.length).toBeGreaterThan(1);
    const raw = await maillage('export', '--format', 'json', '--brut', '--source', 'copie-fs');
    expect(JSON.parse(raw.out)).toHaveLength(23);
    const di = await maillage('export', '--format', 'data-inclusion', '--territoire', 'commune:86194');
    expect(JSON.parse(di.out).structures.length).toBeGreaterThan(0);
    expect((await maillage('export', '--format', 'xlsx')).code).not.toBe(0);
  }, 60_000);

  it('runs through bin/maillage.mjs', async () => {
    const reportFile = join(dir, 'rapport-bin.json');
    const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'db-bin')}` };
    const ok = await run('node', ['bin/maillage.mjs', 'import', demo('cnfs-permanences-86.json'), '--report', reportFile], { cwd: root, env });
    expect(ok.stdout).toMatch(/source cnfs-permanences-86, format v0-json/);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ total: 86, accepted: 86, created: 86 });
    const failed = await run('node', ['bin/maillage.mjs', 'import', join(dir, 'absent.csv')], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).not.toBe(0);
    expect((failed as { stderr: string }).stderr).toMatch(/Impossible de lire le fichier/);
  }, 120_000);
});
