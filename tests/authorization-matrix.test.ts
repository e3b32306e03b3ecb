// Walks every registered route × every kind of caller × a target inside and outside the caller's territory,
// against an expectation table written independently of the routes' own policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession, ensureUser, type Role } from '../src/platform/auth';
import { loadConfig } from '../src/platform/config';
import { buildServer, type Server } from '../src/server';
import { startOidcProvider, type TestOidcProvider } from './helpers/oidc';

type Caller = 'anonyme' | Role | 'jeton';
const CALLERS: Caller[] = ['anonyme', 'admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure', 'jeton'];
const SIGNED_IN: Caller[] = ['admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure'];
/** Every territorial role is given the Vienne (86); "in" targets are in the Vienne, "out" targets in Paris (75). */
const SCOPES: Record<Role, string> = {
  admin: 'national',
  gestionnaire: 'departement:86',
  coordinateur: 'departement:86',
  mediateur: 'departement:86',
  structure: 'lieu:lieu-de-test',
};

type Where = 'in' | 'out';
interface Expectation {
  /** Who must get through (anything but 401/403) for each target; everyone else must be refused. */
  allowed: Caller[] | ((where: Where) => Caller[]);
  request: (where: Where, n: number) => { url: string; payload?: unknown };
  /** Whether the route concerns a territory (then both targets are tried). */
  territorial?: boolean;
}

const everyone = CALLERS;
let counter = 0;
const unique = () => `${Date.now()}-${counter++}`;

const EXPECTED: Record<string, Expectation> = {
  'GET /api/health': { allowed: everyone, request: () => ({ url: '/api/health' }) },
  'GET /api/v1/territoires/communes': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/territoires/communes?q=${w === 'in' ? 'poitiers' : 'paris'}` }),
  },
  'GET /api/v1/territoires/communes/:code': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/territoires/communes/${w === 'in' ? '86066' : '75056'}` }),
  },
  'GET /api/v1/territoires/epci/:siren': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/territoires/epci/${w === 'in' ? '200069854' : '200054781'}` }),
  },
  'GET /api/v1/territoires/departements/:code': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/territoires/departements/${w === 'in' ? '86' : '75'}` }),
  },
  'GET /api/v1/session': { allowed: everyone, request: () => ({ url: '/api/v1/session' }) },
  'POST /api/v1/auth/lien-magique': {
    allowed: everyone,
    request: (_, n) => ({ url: '/api/v1/auth/lien-magique', payload: { email: `inconnu-${n}@exemple.fr` } }),
  },
  'POST /api/v1/auth/lien-magique/verifier': {
    allowed: everyone,
    request: () => ({ url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: 'x'.repeat(43) } }),
  },
  'POST /api/v1/auth/deconnexion': { allowed: SIGNED_IN, request: () => ({ url: '/api/v1/auth/deconnexion' }) },
  'GET /auth/oidc/connexion': { allowed: everyone, request: () => ({ url: '/auth/oidc/connexion' }) },
  'GET /auth/oidc/retour': { allowed: everyone, request: () => ({ url: '/auth/oidc/retour?state=inconnu&code=x' }) },
  'GET /api/v1/admin/jetons': { allowed: ['admin'], request: () => ({ url: '/api/v1/admin/jetons' }) },
  'POST /api/v1/admin/jetons': {
    allowed: ['admin'],
    request: () => ({ url: '/api/v1/admin/jetons', payload: { nom: `jeton ${unique()}`, portees: [], territoires: [] } }),
  },
  'DELETE /api/v1/admin/jetons/:id': {
    allowed: ['admin'],
    request: () => ({ url: '/api/v1/admin/jetons/00000000-0000-4000-8000-000000000000' }),
  },
  'GET /api/v1/utilisateurs': { allowed: ['admin', 'gestionnaire'], request: () => ({ url: '/api/v1/utilisateurs' }) },
  'POST /api/v1/utilisateurs': {
    allowed: (w) => (w === 'in' ? ['admin', 'gestionnaire'] : ['admin']),
    territorial: true,
    request: (w) => ({
      url: '/api/v1/utilisateurs',
      payload: { email: `nouveau-${unique()}@exemple.fr`, role: 'mediateur', perimetre: w === 'in' ? 'commune:86066' : 'commune:75056' },
    }),
  },
  'GET /api/v1/audit': { allowed: ['admin'], request: () => ({ url: '/api/v1/audit?entite=user' }) },
  'GET /dev/outbox': { allowed: everyone, request: () => ({ url: '/dev/outbox' }) },
  'GET /api/v1/dev/outbox': { allowed: everyone, request: () => ({ url: '/api/v1/dev/outbox' }) },
};

/** Routes of plugins we do not write (OpenAPI UI, static files): public by design, see ADR 0001. */
const INFRASTRUCTURE = (url: string) => url.startsWith('/api/docs') || url === '/*';

describe('authorisation matrix: every route × every caller × in/out of territory', () => {
  let server: Server;
  let oidc: TestOidcProvider;
  const userIds = new Map<Role, string>();
  let tokenSecret = '';

  beforeAll(async () => {
    oidc = await startOidcProvider({ accounts: [], redirectUri: 'http://localhost:3000/auth/oidc/retour' });
    const config = loadConfig({
      DATABASE_URL: 'memory:',
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_ALLOW_INSECURE: 'true',
    });
    server = await buildServer(config, { logger: false });
    for (const role of SIGNED_IN as Role[]) {
      const user = await ensureUser(server.ctx.db, { email: `${role}@matrice.example`, roles: [{ role, perimetre: SCOPES[role] }] });
      userIds.set(role, user.id);
    }
    const token = await createApiToken(
      server.ctx.db,
      { name: 'sans portée', scopes: [], territories: [], createdBy: null },
      { kind: 'system' },
      new Date(),
    );
    tokenSecret = token.secret;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await oidc?.close();
  });

  /** A fresh session per request: a sign-out in one case must not leak into the next. */
  async function headersFor(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'anonyme') return {};
    if (caller === 'jeton') return { authorization: `Bearer ${tokenSecret}` };
    const session = await createSession(server.ctx.db, server.ctx.config, userIds.get(caller)!, 'magic_link', new Date());
    return { cookie: `maillage_session=${session.secret}`, 'x-csrf-token': session.csrfToken };
  }

  it('has an expectation for every registered route, and a route for every expectation', () => {
    const registered = server.routes.filter((r) => !INFRASTRUCTURE(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((key) => !EXPECTED[key])).toEqual([]);
    expect(Object.keys(EXPECTED).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('allows exactly the expected callers, and refuses everyone else with 401 or 403', async () => {
    const mismatches: string[] = [];
    let n = 0;
    for (const route of server.routes.filter((r) => !INFRASTRUCTURE(r.url))) {
      const key = `${route.method} ${route.url}`;
      const expectation = EXPECTED[key]!;
      for (const where of expectation.territorial ? (['in', 'out'] as const) : (['in'] as const)) {
        const allowed = typeof expectation.allowed === 'function' ? expectation.allowed(where) : expectation.allowed;
        for (const caller of CALLERS) {
          const { url, payload } = expectation.request(where, n++);
          const res = await server.app.inject({
            method: route.method as 'GET',
            url,
            headers: await headersFor(caller),
            remoteAddress: `10.0.${Math.floor(n / 250)}.${n % 250}`,
            ...(payload === undefined ? {} : { payload: payload as object }),
          });
          const gotThrough = res.statusCode !== 401 && res.statusCode !== 403;
          if (res.statusCode >= 500) mismatches.push(`${key} [${where}] ${caller}: erreur ${res.statusCode}`);
          if (gotThrough !== allowed.includes(caller)) {
            mismatches.push(`${key} [${where}] ${caller}: ${gotThrough ? 'AUTORISÉ à tort' : 'refusé à tort'} (${res.statusCode})`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('refuses a state-changing request from a signed-in person without the CSRF token', async () => {
    const headers = await headersFor('admin');
    delete headers['x-csrf-token'];
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/admin/jetons', headers, payload: { nom: 'x', portees: [], territoires: [] } });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/CSRF/);
  });
});
