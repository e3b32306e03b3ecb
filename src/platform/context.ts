import type { TerritoryContainment } from './auth/principal';
import type { Config } from './config';
import type { Database } from './db';
import type { Mailer } from './mail/mailer';

/** What every module's routes and services receive: no globals. */
export interface AppContext {
  config: Config;
  db: Database;
  mailer: Mailer;
  /** The time, injectable so tests control expiry. */
  clock: () => Date;
  contains: TerritoryContainment;
}
