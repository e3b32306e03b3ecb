import { fileURLToPath } from 'node:url';
import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { openDatabase, type DatabaseHandle } from './platform/db';
import { createApp, type App } from './platform/http';
import { loggerOptions } from './platform/http/logging';
import { createMailer } from './platform/mail';
import { appModules } from './modules';

export const webDist = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface Server extends App {
  ctx: AppContext;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface ServerOverrides {
  clock?: () => Date;
  logger?: boolean;
}

/** Opens the database (migrating it), prepares the context and the HTTP app. */
export async function buildServer(config: Config, overrides: ServerOverrides = {}): Promise<Server> {
  const database = await openDatabase(config.database);
  const ctx: AppContext = {
    config,
    db: database.db,
    mailer: createMailer(config, database.db),
    clock: overrides.clock ?? (() => new Date()),
    contains: () => false,
  };
  const { app, routes } = await createApp(ctx, appModules(), {
    logger: overrides.logger === false ? false : loggerOptions(config.logLevel, config.env !== 'production'),
    webDist,
  });
  return {
    app,
    routes,
    ctx,
    database,
    async close() {
      await app.close();
      await ctx.mailer.close();
      await database.close();
    },
  };
}
