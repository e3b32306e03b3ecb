import { fileURLToPath } from 'node:url';
import { seedDemo } from './demo';
import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { openDatabase, type DatabaseHandle } from './platform/db';
import { createApp, type App } from './platform/http';
import { loggerOptions } from './platform/http/logging';
import { createMailer } from './platform/mail';
import { appModules } from './modules';
import { startReminderSchedule } from './freshness';
import { createOrientationIndex } from './orientation';
import { containsIn, loadReferential, syncReferential, type Referential } from './territory';

export const webDist = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface Server extends App {
  ctx: AppContext;
  database: DatabaseHandle;
  referential: Referential;
  /** What start-up did and how long each step took, for the start-up message. */
  startup: Array<{ step: string; ms: number }>;
  close(): Promise<void>;
}

export interface ServerOverrides {
  clock?: () => Date;
  logger?: boolean;
}

/** Opens the database (migrating it), loads the referential, seeds the demo once, prepares the HTTP app. */
export async function buildServer(config: Config, overrides: ServerOverrides = {}): Promise<Server> {
  const startup: Server['startup'] = [];
  const timed = async <T>(step: (result: T) => string, work: () => Promise<T> | T): Promise<T> => {
    const began = performance.now();
    const result = await work();
    startup.push({ step: step(result), ms: performance.now() - began });
    return result;
  };

  const database = await timed((d) => `base ouverte et migrée : ${d.label}`, () => openDatabase(config.database));
  try {
    const referential = await timed(
      (r) => `référentiel chargé : ${r.communes.size} communes, ${r.epci.size} EPCI, ${r.departements.size} départements`,
      () => loadReferential(),
    );
    await timed(
      (s) => (s.skipped ? 'référentiel déjà à jour en base' : `référentiel enregistré en base (${s.communes} communes)`),
      () => syncReferential(database.db, referential),
    );
    if (config.seedDemo) {
      await timed(
        (d) =>
          d.skipped
            ? `territoire de démonstration déjà installé (Vienne, ${d.lieux} lieux)`
            : `territoire de démonstration installé : Vienne, ${d.communes} communes, ${d.epci} EPCI, ${d.lieux} lieux, ${d.accounts} comptes`,
        () => seedDemo(database.db, referential),
      );
    }
    const ctx: AppContext = {
      config,
      db: database.db,
      mailer: createMailer(config, database.db),
      clock: overrides.clock ?? (() => new Date()),
      contains: containsIn(referential),
    };
    const { app, routes } = await timed(
      () => 'application HTTP prête',
      () =>
        createApp(ctx, appModules({ referential, orientation: createOrientationIndex(database.db, { travelTime: config.travelTime }) }), {
          logger: overrides.logger === false ? false : loggerOptions(config.logLevel, config.env !== 'production'),
          webDist,
        }),
    );
    // Confirmation reminders, every REMINDERS_INTERVAL_MINUTES (safe with several processes: docs/scaling.md).
    const reminders = startReminderSchedule(ctx, { info: (m) => app.log.info(m), error: (m) => app.log.error(m) });
    return {
      app,
      routes,
      ctx,
      database,
      referential,
      startup,
      async close() {
        await reminders.stop();
        await app.close();
        await ctx.mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
