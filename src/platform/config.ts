import { z } from 'zod';

/** Where the data lives: embedded PGlite in a folder, or a PostgreSQL server. */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };

/**
 * One rule for the server, the CLI and the tests:
 * - unset → PGlite in ./var/db
 * - file:<folder> → PGlite in that folder
 * - memory: → PGlite in memory (tests)
 * - postgres://… or postgresql://… → PostgreSQL
 */
export function parseDatabaseUrl(value: string | undefined, cwd = process.cwd()): DatabaseTarget {
  if (!value || value.trim() === '') return { kind: 'pglite', dataDir: resolvePath(cwd, 'var/db') };
  if (value === 'memory:') return { kind: 'pglite-memory' };
  if (value.startsWith('file:')) {
    const folder = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!folder) throw new Error('DATABASE_URL=file:<dossier> : le dossier est vide');
    return { kind: 'pglite', dataDir: resolvePath(cwd, folder) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  throw new Error(
    `DATABASE_URL non reconnue : « ${value} ». Attendu : vide (PGlite dans ./var/db), file:<dossier> ou postgres://…`,
  );
}

function resolvePath(cwd: string, p: string): string {
  return p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
}

const wholeNumber = (error: string, min: number, max: number) => z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public URL used in e-mails and OIDC redirects. */
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Maillage <ne-pas-repondre@maillage.localhost>'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid email given_name usual_name'),
  OIDC_PROVIDER_NAME: z.string().default('ProConnect'),
  /** Allow http:// issuers (local provider in development and tests). */
  OIDC_ALLOW_INSECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Set to true only behind a reverse proxy that sets X-Forwarded-For (rate limits use the client IP). */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRAVEL_DETOUR_BANDS: z.string().optional(),
  TRAVEL_SPEED_BANDS: z.string().optional(),
  /** Raster XYZ tiles drawn under the commune contours of the public map, e.g. https://tuiles.exemple.fr/{z}/{x}/{y}.png */
  MAP_TILE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (/^https?:\/\//.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))), {
      error: 'adresse de tuiles attendue en http(s) avec {z}, {x} et {y} (ex. https://tuiles.exemple.fr/{z}/{x}/{y}.png)',
    }),
  /** Credit shown on the map for those tiles, e.g. "© les contributeurs d'OpenStreetMap". */
  MAP_TILE_ATTRIBUTION: z.string().trim().optional(),
  /** How often the server sends the reminders due (0: never; then run `maillage rappels` from a cron). */
  REMINDERS_INTERVAL_MINUTES: wholeNumber('nombre entier de minutes attendu (0 : désactivé)', 0, 7 * 24 * 60).optional(),
  REMINDER_FIRST_MONTHS: wholeNumber('nombre entier de mois attendu, de 1 à 60', 1, 60).default(5),
  REMINDER_SECOND_DAYS: wholeNumber('nombre entier de jours attendu, de 1 à 365', 1, 365).default(21),
});

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
  providerName: string;
  allowInsecure: boolean;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseTarget;
  mail: { smtpUrl: string | undefined; from: string };
  oidc: OidcConfig | undefined;
  seedDemo: boolean;
  trustProxy: boolean;
  logLevel: string;
  auth: {
    magicLinkTtlMinutes: number;
    sessionTtlDays: number;
    magicLinkMaxPerEmail: number;
    magicLinkMaxPerIp: number;
    rateLimitWindowMinutes: number;
  };
  travelTime: TravelTimeParameters;
  /** Background tiles of the public map: none by default (the shipped commune contours are the background). */
  map: { tileUrl: string | null; tileAttribution: string | null };
  /** Confirmation reminders: when they go, and how often the server looks (0: the server never sends them). */
  reminders: { intervalMinutes: number; firstMonths: number; secondDays: number };
}

/** §4.1 of the travel-time reference: detour factor and mean speed by distance band. */
export interface TravelTimeParameters {
  /** [upper bound of straight-line km, detour factor]; the last band has upper bound Infinity. */
  detourBands: Array<[number, number]>;
  /** [upper bound of road km, mean speed km/h]. */
  speedBands: Array<[number, number]>;
}

export const defaultTravelTimeParameters: TravelTimeParameters = {
  detourBands: [
    [2, 1.6],
    [5, 1.45],
    [15, 1.35],
    [Infinity, 1.25],
  ],
  speedBands: [
    [3, 30],
    [10, 45],
    [30, 60],
    [Infinity, 75],
  ],
};

/** Parses "2:1.6,5:1.45,15:1.35,*:1.25" into bands. */
function parseBands(value: string | undefined, fallback: Array<[number, number]>, name: string) {
  if (!value) return fallback;
  const bands = value.split(',').map((part): [number, number] => {
    const [bound, factor] = part.split(':');
    const upper = bound === '*' ? Infinity : Number(bound);
    const f = Number(factor);
    if (!Number.isFinite(f) || f <= 0 || Number.isNaN(upper)) {
      throw new Error(`${name} invalide : « ${part} » (attendu borne:valeur, ex. 2:1.6,*:1.25)`);
    }
    return [upper, f];
  });
  if (bands.at(-1)?.[0] !== Infinity) throw new Error(`${name} : la dernière tranche doit être *:valeur`);
  return bands;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration invalide : ${issue?.path.join('.')} — ${issue?.message}`);
  }
  const e = parsed.data;
  const oidc =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          scopes: e.OIDC_SCOPES,
          providerName: e.OIDC_PROVIDER_NAME,
          allowInsecure: e.OIDC_ALLOW_INSECURE,
        }
      : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: parseDatabaseUrl(e.DATABASE_URL, cwd),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    oidc,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    auth: {
      magicLinkTtlMinutes: 15,
      sessionTtlDays: 7,
      magicLinkMaxPerEmail: 5,
      magicLinkMaxPerIp: 20,
      rateLimitWindowMinutes: 15,
    },
    travelTime: {
      detourBands: parseBands(e.TRAVEL_DETOUR_BANDS, defaultTravelTimeParameters.detourBands, 'TRAVEL_DETOUR_BANDS'),
      speedBands: parseBands(e.TRAVEL_SPEED_BANDS, defaultTravelTimeParameters.speedBands, 'TRAVEL_SPEED_BANDS'),
    },
    map: { tileUrl: e.MAP_TILE_URL || null, tileAttribution: e.MAP_TILE_ATTRIBUTION || null },
    reminders: {
      // Tests run the job themselves: no timer unless asked for.
      intervalMinutes: e.REMINDERS_INTERVAL_MINUTES ?? (e.NODE_ENV === 'test' ? 0 : 60),
      firstMonths: e.REMINDER_FIRST_MONTHS,
      secondDays: e.REMINDER_SECOND_DAYS,
    },
  };
}
