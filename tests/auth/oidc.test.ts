import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { oidcStates } from '../../src/platform/auth/schema';
import { listChanges } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { describeWithDatabases } from '../helpers/db';
import { oidcSignIn, startOidcProvider, type TestOidcProvider } from '../helpers/oidc';
import { PUBLIC_URL, buildApp, sessionCookie, testConfig } from './support';

const REDIRECT_URI = `${PUBLIC_URL}/auth/oidc/retour`;
let provider: TestOidcProvider;

beforeAll(async () => {
  provider = await startOidcProvider({
    redirectUri: REDIRECT_URI,
    accounts: [
      { sub: 'agent-1', email: 'Agent.Public@Exemple.FR', given_name: 'Agnès', usual_name: 'Publique' },
      { sub: 'inconnu-1', email: 'inconnu@exemple.fr' },
    ],
  });
});
afterAll(async () => {
  await provider?.close();
});

async function oidcApp(db: Database) {
  const config = testConfig({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ALLOW_INSECURE: 'true',
  });
  return buildApp(db, { config });
}

describeWithDatabases('OIDC sign-in (ProConnect-compatible) against a real provider', ({ itDb }) => {
  itDb('/auth/oidc/connexion redirects to the authorisation endpoint with PKCE S256, state and nonce', async (db) => {
    const { app } = await oidcApp(db);
    const res = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    const q = location.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(provider.clientId);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')).toBe('openid email given_name usual_name');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();

    const [stored] = await db.select().from(oidcStates).where(eq(oidcStates.state, q.get('state')!));
    expect(stored?.nonce).toBe(q.get('nonce'));
    expect(stored?.codeVerifier).not.toBe(q.get('code_challenge'));
    const ttl = stored!.expiresAt.getTime() - stored!.createdAt.getTime();
    expect(ttl).toBe(10 * 60_000);

    const session = await app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(session.json().connexion).toEqual({ oidc: { fournisseur: 'ProConnect' } });
  });

  itDb('full flow: an existing account signs in, gets a session cookie and lands on /compte', async (db) => {
    const { app } = await oidcApp(db);
    const user = await ensureUser(db, { email: 'agent.public@exemple.fr', roles: [{ role: 'coordinateur', perimetre: 'departement:86' }] });

    const start = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const back = await oidcSignIn(start.headers.location as string, 'agent-1');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('code')).toBeTruthy();

    const callback = await app.inject({ method: 'GET', url: `/auth/oidc/retour${back.search}` });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/compte');
    const secret = sessionCookie(callback);
    expect(secret).toBeTruthy();

    const session = await app.inject({ method: 'GET', url: '/api/v1/session', cookies: { maillage_session: secret! } });
    // The name comes from the provider (given_name + usual_name) since the account had none.
    expect(session.json().utilisateur).toMatchObject({ id: user.id, email: 'agent.public@exemple.fr', nom: 'Agnès Publique' });
    expect((await listChanges(db, { entity: 'session' })).map((c) => c.after)).toEqual([{ methode: 'oidc', fournisseur: 'ProConnect' }]);

    // The state is single use: replaying the callback fails cleanly.
    const replay = await app.inject({ method: 'GET', url: `/auth/oidc/retour${back.search}` });
    expect(replay.statusCode).toBe(302);
    expect(replay.headers.location).toBe('/connexion?erreur=oidc');
    expect(sessionCookie(replay)).toBeUndefined();
  });

  itDb('no self-registration: an unknown e-mail → /connexion?erreur=compte-inconnu', async (db) => {
    const { app } = await oidcApp(db);
    const start = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const back = await oidcSignIn(start.headers.location as string, 'inconnu-1');
    const callback = await app.inject({ method: 'GET', url: `/auth/oidc/retour${back.search}` });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/connexion?erreur=compte-inconnu');
    expect(sessionCookie(callback)).toBeUndefined();
  });

  itDb('bad state, provider error or forged code → /connexion?erreur=oidc, never a crash', async (db) => {
    const { app } = await oidcApp(db);
    await ensureUser(db, { email: 'agent.public@exemple.fr', roles: [] });

    const badState = await app.inject({ method: 'GET', url: '/auth/oidc/retour?code=abc&state=inconnu' });
    expect(badState.statusCode).toBe(302);
    expect(badState.headers.location).toBe('/connexion?erreur=oidc');

    const noState = await app.inject({ method: 'GET', url: '/auth/oidc/retour' });
    expect(noState.headers.location).toBe('/connexion?erreur=oidc');

    const start1 = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const state1 = new URL(start1.headers.location as string).searchParams.get('state');
    const denied = await app.inject({ method: 'GET', url: `/auth/oidc/retour?error=access_denied&state=${state1}` });
    expect(denied.headers.location).toBe('/connexion?erreur=oidc');

    const start2 = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const state2 = new URL(start2.headers.location as string).searchParams.get('state');
    const forged = await app.inject({ method: 'GET', url: `/auth/oidc/retour?code=forge&state=${state2}&iss=${encodeURIComponent(provider.issuer)}` });
    expect(forged.statusCode).toBe(302);
    expect(forged.headers.location).toBe('/connexion?erreur=oidc');

    // A valid code whose state was swapped for another pending one: state/PKCE mismatch is refused.
    const start3 = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const start4 = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    const back = await oidcSignIn(start3.headers.location as string, 'agent-1');
    back.searchParams.set('state', new URL(start4.headers.location as string).searchParams.get('state')!);
    const swapped = await app.inject({ method: 'GET', url: `/auth/oidc/retour${back.search}` });
    expect(swapped.headers.location).toBe('/connexion?erreur=oidc');
    expect(sessionCookie(swapped)).toBeUndefined();
  });

  itDb('without OIDC configuration the routes do not exist', async (db) => {
    const { app } = await buildApp(db);
    expect((await app.inject({ method: 'GET', url: '/auth/oidc/connexion' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/auth/oidc/retour?state=x' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/session' })).json().connexion).toEqual({ oidc: null });
  });

  itDb('an unreachable provider → /connexion?erreur=oidc', async (db) => {
    const config = testConfig({
      OIDC_ISSUER: 'http://127.0.0.1:9/introuvable',
      OIDC_CLIENT_ID: 'x',
      OIDC_ALLOW_INSECURE: 'true',
    });
    const { app } = await buildApp(db, { config });
    const res = await app.inject({ method: 'GET', url: '/auth/oidc/connexion' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/connexion?erreur=oidc');
  });
});
