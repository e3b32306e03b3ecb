import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/platform/db';

export type DatabaseKind = 'PGlite' | 'PostgreSQL';

class RollbackSignal extends Error {}

/** Runs `fn` in a transaction that is always rolled back: each test sees the migrated database, untouched. */
export async function withRollback(db: Database, fn: (tx: Database) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await fn(tx as unknown as Database);
      throw new RollbackSignal();
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }
}

export interface DatabaseSuite {
  kind: DatabaseKind;
  /** A test that runs in its own rolled-back transaction. */
  itDb: (name: string, fn: (db: Database) => Promise<void>, timeout?: number) => void;
  /** The underlying handle, for tests that need real commits (use sparingly and clean up). */
  handle: () => DatabaseHandle;
}

/**
 * Declares the suite twice: on an in-memory PGlite and on the run's PostgreSQL database.
 * Without PostgreSQL (only allowed outside CI), the PostgreSQL copy is skipped with a warning.
 */
export function describeWithDatabases(title: string, suite: (s: DatabaseSuite) => void) {
  const postgresUrl = inject('postgresUrl');
  for (const kind of ['PGlite', 'PostgreSQL'] as const) {
    const run = kind === 'PGlite' || postgresUrl ? describe : describe.skip;
    run(`${title} [${kind}]`, () => {
      let handle: DatabaseHandle;
      beforeAll(async () => {
        handle = await openDatabase(
          kind === 'PGlite' ? { kind: 'pglite-memory' } : { kind: 'postgres', url: postgresUrl! },
        );
      });
      afterAll(async () => {
        await handle?.close();
      });
      suite({
        kind,
        itDb: (name, fn, timeout) => it(name, () => withRollback(handle.db, fn), timeout),
        handle: () => handle,
      });
    });
  }
}
