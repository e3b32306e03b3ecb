import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { expect } from 'vitest';
import { authModule } from '../../src/platform/auth';
import { apiTokens } from '../../src/platform/auth/schema';
import { hashSecret } from '../../src/platform/auth/secrets';
import type { AppModule } from '../../src/platform/http';
import { access } from '../../src/platform/http';
import { describeWithDatabases } from '../helpers/db';
import { buildApp, signedIn } from './support';

/** A route guarded by a token scope and a territory, as later modules declare them. */
const probeModule: AppModule = {
  name: 'probe',
  routes: async (app) => {
    app.get(
      '/api/v1/sonde/:departement',
      {
        config: {
          access: access.roles(['admin', 'gestionnaire'], {
            tokenScope: 'territoires:lecture',
            territory: (req) => ({ kind: 'departement', code: (req.params as { departement: string }).departement }),
          }),
        },
        schema: { params: z.object({ departement: z.string() }) },
      },
      async (request) => ({ principal: request.principal?.kind }),
    );
  },
};

describeWithDatabases('API tokens', ({ itDb }) => {
  itDb('created by an admin, used as Bearer within its scope and territory, revoked → 401', async (db) => {
    const { app, config } = await buildApp(db, { modules: [authModule, probeModule] });
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/jetons',
      cookies: admin.cookies,
      headers: admin.headers,
      payload: { nom: 'Import Vienne', portees: ['territoires:lecture'], territoires: ['departement:86'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, jeton } = created.json() as { id: string; jeton: string };
    expect(jeton).toMatch(/^mlg_[A-Za-z0-9_-]{43}$/);

    // Stored hashed only.
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.tokenHash).toBe(hashSecret(jeton));
    const dump = await db.execute(sql`select row_to_json(t)::text as j from api_tokens t union all select row_to_json(a)::text from audit_log a`);
    for (const r of dump.rows) expect(String(r.j)).not.toContain(jeton);

    const bearer = { authorization: `Bearer ${jeton}` };
    const inside = await app.inject({ method: 'GET', url: '/api/v1/sonde/86', headers: bearer });
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toEqual({ principal: 'api_token' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/sonde/33', headers: bearer })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sonde/86', headers: { authorization: 'Bearer mlg_faux' } })).statusCode).toBe(401);
    // A token is a machine client: it does not open the admin routes.
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/jetons', headers: bearer })).statusCode).toBe(403);

    const list = await app.inject({ method: 'GET', url: '/api/v1/admin/jetons', cookies: admin.cookies });
    expect(list.statusCode).toBe(200);
    const [listed] = list.json().jetons;
    expect(listed).toEqual({
      id,
      nom: 'Import Vienne',
      prefixe: jeton.slice(0, 10),
      portees: ['territoires:lecture'],
      territoires: ['departement:86'],
      creeLe: expect.any(String),
      dernierUsage: expect.any(String),
      revoqueLe: null,
    });
    expect(list.body).not.toContain(jeton);

    const noCsrf = await app.inject({ method: 'DELETE', url: `/api/v1/admin/jetons/${id}`, cookies: admin.cookies });
    expect(noCsrf.statusCode).toBe(403);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/admin/jetons/${id}`, cookies: admin.cookies, headers: admin.headers });
    expect(revoked.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sonde/86', headers: bearer })).statusCode).toBe(401);
    const relist = await app.inject({ method: 'GET', url: '/api/v1/admin/jetons', cookies: admin.cookies });
    expect(relist.json().jetons[0].revoqueLe).toEqual(expect.any(String));

    const audit = await app.inject({ method: 'GET', url: `/api/v1/audit?entite=api_token&id=${id}`, cookies: admin.cookies });
    expect(audit.json().entrees.map((e: { action: string }) => e.action)).toEqual(['create', 'revoke']);
    expect(audit.body).not.toContain(jeton);

    const missing = await app.inject({ method: 'DELETE', url: '/api/v1/admin/jetons/00000000-0000-0000-0000-000000000000', cookies: admin.cookies, headers: admin.headers });
    expect(missing.statusCode).toBe(404);
  });

  itDb('a token without the route scope → 403; a national token passes everywhere', async (db) => {
    const { app, config } = await buildApp(db, { modules: [authModule, probeModule] });
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });
    const create = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/admin/jetons', cookies: admin.cookies, headers: admin.headers, payload });

    const other = (await create({ nom: 'Autre', portees: ['lieux:ecriture'], territoires: [] })).json().jeton;
    expect((await app.inject({ method: 'GET', url: '/api/v1/sonde/86', headers: { authorization: `Bearer ${other}` } })).statusCode).toBe(403);
    const national = (await create({ nom: 'National', portees: ['territoires:lecture'], territoires: [] })).json().jeton;
    expect((await app.inject({ method: 'GET', url: '/api/v1/sonde/33', headers: { authorization: `Bearer ${national}` } })).statusCode).toBe(200);
  });

  itDb('only admins manage tokens; invalid input → 400 naming the field', async (db) => {
    const { app, config } = await buildApp(db);
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });
    const gest = await signedIn(db, config, { email: 'gest@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    const payload = { nom: 'X', portees: ['territoires:lecture'], territoires: [] };
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/jetons', cookies: gest.cookies })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/jetons', cookies: gest.cookies, headers: gest.headers, payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/jetons' })).statusCode).toBe(401);

    for (const [body, champ] of [
      [{ nom: ' ', portees: ['territoires:lecture'], territoires: [] }, 'nom'],
      [{ nom: 'X', portees: [], territoires: [] }, 'portees'],
      [{ nom: 'X', portees: ['tout'], territoires: [] }, 'portees'],
      [{ nom: 'X', portees: ['territoires:lecture'], territoires: ['lieu:1'] }, 'territoires'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/admin/jetons', cookies: admin.cookies, headers: admin.headers, payload: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().champ).toBe(champ);
    }
  });
});
