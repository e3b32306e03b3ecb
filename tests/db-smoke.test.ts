import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { describeWithDatabases } from './helpers/db';

describeWithDatabases('database', ({ itDb }) => {
  itDb('has every migrated table', async (db) => {
    const result = await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(result.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users', 'audit_log', 'communes']));
  });
});
