import type { LightMyRequestResponse } from 'fastify';
import { authModule, createSession, devOutboxModule, ensureUser } from '../../src/platform/auth';
import type { TerritoryContainment } from '../../src/platform/auth/principal';
import { loadConfig, type Config } from '../../src/platform/config';
import type { AppContext } from '../../src/platform/context';
import type { Database } from '../../src/platform/db';
import { createApp, type AppModule } from '../../src/platform/http';
import { createMailer } from '../../src/platform/mail';

export const PUBLIC_URL = 'http://maillage.test';

/**
 * A tiny referential for tests: 86066 (Poitiers) and 200069854 (Grand Poitiers) are in 86, region 75.
 * Reflexive, like the real one (the access layer relies on contains(x, x)).
 */
export const testContains: TerritoryContainment = (outer, inner) => {
  if (outer.kind === inner.kind && outer.code === inner.code) return true;
  const parents: Record<string, string[]> = {
    'commune:86066': ['departement:86', 'region:75', 'epci:200069854'],
    'epci:200069854': ['departement:86', 'region:75'],
    'departement:86': ['region:75'],
    'departement:33': ['region:75'],
    'commune:33063': ['departement:33', 'region:75'],
  };
  return (parents[`${inner.kind}:${inner.code}`] ?? []).includes(`${outer.kind}:${outer.code}`);
};

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PUBLIC_URL: PUBLIC_URL, ...env });
}

export interface TestClock {
  (): Date;
  advance(ms: number): void;
}

export function fixedClock(start = new Date()): TestClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export async function buildApp(
  db: Database,
  options: { config?: Config; clock?: () => Date; modules?: AppModule[]; contains?: TerritoryContainment } = {},
) {
  const config = options.config ?? testConfig();
  const ctx: AppContext = {
    config,
    db,
    mailer: createMailer(config, db),
    clock: options.clock ?? (() => new Date()),
    contains: options.contains ?? testContains,
  };
  const { app } = await createApp(ctx, options.modules ?? [authModule, devOutboxModule]);
  return { app, ctx, config };
}

export function sessionCookie(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((c) => c.name === 'maillage_session')?.value;
}

/** Signs a person in directly (no e-mail round trip): what the API tests of other features need. */
export async function signedIn(
  db: Database,
  config: Config,
  input: { email: string; roles: Array<{ role: string; perimetre?: string }> },
) {
  const user = await ensureUser(db, { email: input.email, roles: input.roles });
  const session = await createSession(db, config, user.id, 'magic_link', new Date());
  return {
    user,
    cookies: { maillage_session: session.secret },
    headers: { 'x-csrf-token': session.csrfToken },
  };
}
