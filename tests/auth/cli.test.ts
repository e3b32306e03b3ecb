import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerUserCommands } from '../../src/platform/auth';
import { findUserByEmail } from '../../src/platform/auth/users';
import { listChanges } from '../../src/platform/audit';
import { openDatabase } from '../../src/platform/db';

/** The CLI commits for real: it runs on its own PGlite folder, removed afterwards. */
describe('maillage users (CLI)', () => {
  let dir: string;
  const previous = process.env.DATABASE_URL;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-cli-'));
    process.env.DATABASE_URL = `file:${dir}`;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = undefined;
  });

  async function run(...args: string[]) {
    const program = new Command().exitOverride();
    registerUserCommands(program);
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
    const error = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void err.push(String(m)));
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'maillage', ...args]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    return { out: out.join('\n'), err: err.join('\n'), code: process.exitCode };
  }

  it('adds users with loose territories, audited as cli, and lists them', async () => {
    const a = await run('users', 'add', '--email', 'Cli.Admin@Exemple.fr', '--role', 'admin', '--nom', 'Admin CLI');
    expect(a.err).toBe('');
    expect(a.out).toMatch(/Compte créé : cli\.admin@exemple\.fr — Admin CLI : Administrateur \(national\)/);
    expect((await run('users', 'add', '--email', 'med@exemple.fr', '--role', 'mediateur', '--territoire', '86')).out).toMatch(/departement:86/);
    expect((await run('users', 'add', '--email', 'med@exemple.fr', '--role', 'coordinateur', '--territoire', '200069854')).out).toMatch(
      /Rôle ajouté au compte : med@exemple\.fr : Médiateur numérique \(departement:86\), Coordinateur \(epci:200069854\)/,
    );
    expect((await run('users', 'add', '--email', 'com@exemple.fr', '--role', 'mediateur', '--territoire', '86066')).out).toMatch(/commune:86066/);

    const bad = await run('users', 'add', '--email', 'x@exemple.fr', '--role', 'mediateur');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Erreur : --territoire : Le périmètre est obligatoire/);

    const list = await run('users', 'list');
    expect(list.out.split('\n')).toEqual([
      'cli.admin@exemple.fr — Admin CLI : Administrateur (national)',
      'com@exemple.fr : Médiateur numérique (commune:86066)',
      'med@exemple.fr : Médiateur numérique (departement:86), Coordinateur (epci:200069854)',
      '3 comptes.',
    ]);

    const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const med = await findUserByEmail(handle.db, 'med@exemple.fr');
      const history = await listChanges(handle.db, { entity: 'user', entityId: med!.id });
      expect(history.map((h) => [h.actor.kind, h.action, h.source])).toEqual([
        ['cli', 'create', 'cli'],
        ['cli', 'add_role', 'cli'],
      ]);
    } finally {
      await handle.close();
    }
  });
});
