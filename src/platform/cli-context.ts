import { loadConfig, type Config } from './config';
import { openDatabase, type DatabaseHandle } from './db';

export interface CliContext {
  config: Config;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** The CLI opens the same database as the server: DATABASE_URL unset → PGlite in ./var/db (migrated on first use). */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  return { config, database, close: () => database.close() };
}

/** Runs a CLI action with an open context and always closes it; errors print in French and exit 1. */
export async function withCliContext(action: (ctx: CliContext) => Promise<void>): Promise<void> {
  let ctx: CliContext | undefined;
  try {
    ctx = await openCliContext();
    await action(ctx);
  } catch (error) {
    console.error(`Erreur : ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await ctx?.close();
  }
}
