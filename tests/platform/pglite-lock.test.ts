// PGlite is one process at a time: a CLI command run while the server holds the embedded database must stop cleanly.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { getSetting, openDatabase, setSetting } from '../../src/platform/db';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'maillage-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('stops a second process with a clear French message and leaves the database intact', async () => {
  const dataDir = join(dir, 'db');
  const held = await openDatabase({ kind: 'pglite', dataDir });
  await setSetting(held.db, 'test.marque', 1);
  const outcome = await run(process.execPath, ['bin/maillage.mjs', 'users', 'list'], {
    env: { ...process.env, DATABASE_URL: `file:${dataDir}` },
    timeout: 60_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  expect(outcome.code).not.toBe(0);
  expect(outcome.stderr).toMatch(/déjà utilisée par un autre processus Maillage \(pid \d+\)/);
  expect(await getSetting(held.db, 'test.marque')).toBe(1);
  await held.close();
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
}, 90_000);

it('takes over a lock left by a process that no longer exists', async () => {
  const dataDir = join(dir, 'orpheline');
  writeFileSync(`${dataDir}.lock`, '999999');
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  await handle.close();
}, 60_000);
