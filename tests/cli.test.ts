// The `maillage` command as an operator runs it: a real process, the database chosen by DATABASE_URL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'maillage-cli-'));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'db')}`, NODE_ENV: 'test' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function maillage(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/maillage.mjs', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('maillage territoire', () => {
  it('finds a commune by name typed without accents', async () => {
    const r = await maillage('territoire', 'chatelerault');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Châtellerault');
    expect(r.stdout).toContain('86066');
  });
  it('prints a département with its EPCI', async () => {
    const r = await maillage('territoire', '86');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Vienne');
    expect(r.stdout).toContain('CU du Grand Poitiers');
  });
  it('says clearly when nothing matches', async () => {
    const r = await maillage('territoire', '2C001');
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/introuvable|invalide|aucun/i);
  });
});

describe('maillage users', () => {
  it('adds a gestionnaire on a département and lists them, in the database chosen by DATABASE_URL', async () => {
    const add = await maillage('users', 'add', '--email', 'Marie.Curie@Exemple.fr', '--role', 'gestionnaire', '--territoire', 'departement:86');
    expect(add.code).toBe(0);
    const list = await maillage('users', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('marie.curie@exemple.fr');
    expect(list.stdout).toContain('departement:86');
  }, 90_000);
  it('refuses an unknown role with a French message naming it', async () => {
    const r = await maillage('users', 'add', '--email', 'x@exemple.fr', '--role', 'pirate');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/rôle/i);
  }, 60_000);
});
