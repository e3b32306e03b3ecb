import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, redactUrl } from '../../src/platform/db';

/** The PostgreSQL server the database tests also run on (CI must have it). */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/**
 * Creates one fresh PostgreSQL database for this test run, migrated once; every database test then runs inside a
 * transaction that is rolled back (see db.ts). The database is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const message = `PostgreSQL injoignable à ${redactUrl(ADMIN_URL)} : ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${message} (obligatoire quand CI=true)`, { cause: error });
    console.warn(`\n⚠ ${message} — les tests sur PostgreSQL sont ignorés (ils sont obligatoires en CI).\n`);
    project.provide('postgresUrl', null);
    return;
  }
  const name = `maillage_test_${Date.now()}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  await handle.close();
  project.provide('postgresUrl', url.toString());

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}
