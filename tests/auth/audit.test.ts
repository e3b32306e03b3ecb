import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { actorOf, auditLog, listChanges, recordChange } from '../../src/platform/audit';
import { createUser, findUserByEmail } from '../../src/platform/auth';
import type { Database } from '../../src/platform/db';
import { describeWithDatabases } from '../helpers/db';

class Boom extends Error {}

/** Runs `fn` in a savepoint that is rolled back, and returns the error it threw. */
async function failingStatement(db: Database, fn: (tx: Database) => Promise<unknown>): Promise<Error> {
  try {
    await db.transaction(async (tx) => {
      await fn(tx as unknown as Database);
    });
  } catch (error) {
    return error as Error;
  }
  throw new Error('the statement was expected to fail');
}

function messageChain(error: Error): string {
  const parts: string[] = [];
  let e: unknown = error;
  while (e instanceof Error) {
    parts.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

describeWithDatabases('audit log', ({ itDb }) => {
  itDb('records a change and lists the history of an entity', async (db) => {
    await recordChange(db, {
      actor: { kind: 'cli' },
      entity: 'lieu',
      entityId: 'L1',
      action: 'create',
      before: null,
      after: { nom: 'France Services', ouvert: new Date('2025-01-02T03:04:05Z') },
      source: 'cli',
    });
    await recordChange(db, {
      actor: actorOf({ kind: 'api_token', tokenId: 'T1', name: 'import', scopes: [], territories: [] }),
      entity: 'lieu',
      entityId: 'L1',
      action: 'update',
      before: { nom: 'France Services' },
      after: { nom: 'France Services Poitiers' },
      source: 'api',
    });
    await recordChange(db, { actor: { kind: 'system' }, entity: 'lieu', entityId: 'L2', action: 'create', before: null, after: {}, source: 'seed' });

    const history = await listChanges(db, { entity: 'lieu', entityId: 'L1' });
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[0]!.after).toEqual({ nom: 'France Services', ouvert: '2025-01-02T03:04:05.000Z' });
    expect(history[0]!.actor).toEqual({ kind: 'cli' });
    expect(history[1]!.actor).toEqual({ kind: 'api_token', id: 'T1' });
    expect(history[1]!.before).toEqual({ nom: 'France Services' });
    expect(await listChanges(db, { entity: 'lieu' })).toHaveLength(3);
  });

  itDb('a write and its audit entry roll back together', async (db) => {
    await expect(
      db.transaction(async (tx) => {
        const created = await createUser(tx as unknown as Database, { email: 'rollback@exemple.fr' }, { kind: 'system' });
        expect(created.ok).toBe(true);
        // Inside the transaction both are visible…
        expect(await listChanges(tx as unknown as Database, { entity: 'user' })).toHaveLength(1);
        throw new Boom('échec après écriture');
      }),
    ).rejects.toBeInstanceOf(Boom);
    // …after the rollback neither persists.
    expect(await findUserByEmail(db, 'rollback@exemple.fr')).toBeUndefined();
    expect(await listChanges(db, { entity: 'user' })).toHaveLength(0);
  });

  itDb('the database refuses UPDATE and DELETE on audit_log', async (db) => {
    await recordChange(db, { actor: { kind: 'system' }, entity: 'user', entityId: 'U1', action: 'create', before: null, after: { a: 1 }, source: 'test' });
    const [row] = await db.select().from(auditLog).where(eq(auditLog.entityId, 'U1'));
    expect(row).toBeDefined();

    const update = await failingStatement(db, (tx) => tx.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.id, row!.id)));
    expect(messageChain(update)).toMatch(/ajout seul : UPDATE refusé/);
    const del = await failingStatement(db, (tx) => tx.delete(auditLog).where(eq(auditLog.id, row!.id)));
    expect(messageChain(del)).toMatch(/ajout seul : DELETE refusé/);
    const truncate = await failingStatement(db, (tx) => tx.execute(sql`truncate audit_log`));
    expect(messageChain(truncate)).toMatch(/ajout seul : TRUNCATE refusé/);

    const [still] = await db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still?.action).toBe('create');
  });
});
