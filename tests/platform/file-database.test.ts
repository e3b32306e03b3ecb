import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/platform/config';
import { getSetting, openDatabase, setSetting } from '../../src/platform/db';

const dir = mkdtempSync(join(tmpdir(), 'maillage-file-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('creates and migrates a PGlite folder on first use, and finds its data again on reopening', async () => {
  const target = parseDatabaseUrl(`file:${join(dir, 'nouvelle')}`);
  const first = await openDatabase(target);
  await setSetting(first.db, 'test.marque', { ecrit: true });
  await first.close();

  const second = await openDatabase(target);
  expect(await getSetting(second.db, 'test.marque')).toEqual({ ecrit: true });
  await second.close();
}, 60_000);
