import { describe, expect, it } from 'vitest';
import type { Principal, TerritoryContainment, TerritoryRef } from '../auth/principal';
import { loadConfig } from '../config';
import { openDatabase } from '../db';
import { access, decide } from './access';
import { createApp } from './app';

// A tiny referential: commune 86066 is in EPCI 248600413, both in département 86; 75056 is in 75.
const parents: Record<string, string[]> = {
  'commune:86066': ['epci:248600413', 'departement:86', 'region:75'],
  'epci:248600413': ['departement:86', 'region:75'],
  'departement:86': ['region:75'],
  'commune:75056': ['departement:75', 'region:11'],
};
const key = (t: TerritoryRef) => `${t.kind}:${t.code}`;
const contains: TerritoryContainment = (outer, inner) =>
  key(outer) === key(inner) || (parents[key(inner)] ?? []).includes(key(outer));

function user(...assignments: Extract<Principal, { kind: 'user' }>['assignments']): Principal {
  return { kind: 'user', userId: 'u', email: 'a@b.fr', displayName: null, sessionId: 's', csrfToken: 'c', assignments };
}
const chatellerault: TerritoryRef = { kind: 'commune', code: '86066' };
const paris: TerritoryRef = { kind: 'commune', code: '75056' };
const byCommune = access.roles(['gestionnaire'], { territory: () => undefined });

describe('decide()', () => {
  it('lets anyone through a public route, and nobody anonymous through the others', () => {
    expect(decide(access.public, null, undefined, contains)).toEqual({ allowed: true });
    expect(decide(access.authenticated, null, undefined, contains)).toEqual({ allowed: false, status: 401 });
    expect(decide(byCommune, null, chatellerault, contains)).toEqual({ allowed: false, status: 401 });
  });

  it('checks the role and that the scope contains the target territory', () => {
    const vienne = user({ role: 'gestionnaire', scope: { kind: 'departement', code: '86' } });
    expect(decide(byCommune, vienne, chatellerault, contains).allowed).toBe(true);
    expect(decide(byCommune, vienne, paris, contains)).toEqual({ allowed: false, status: 403 });
    const mediateur = user({ role: 'mediateur', scope: { kind: 'departement', code: '86' } });
    expect(decide(byCommune, mediateur, chatellerault, contains)).toEqual({ allowed: false, status: 403 });
  });

  it('denies a territory-bound route when the target cannot be determined', () => {
    const vienne = user({ role: 'gestionnaire', scope: { kind: 'departement', code: '86' } });
    expect(decide(byCommune, vienne, undefined, contains).allowed).toBe(false);
  });

  it('lets a national admin act anywhere when admin is among the roles', () => {
    const admin = user({ role: 'admin', scope: { kind: 'national' } });
    expect(decide(access.roles(['admin', 'gestionnaire'], { territory: () => undefined }), admin, paris, contains).allowed).toBe(true);
    expect(decide(byCommune, admin, paris, contains).allowed).toBe(false);
  });

  it('never lets a lieu-scoped structure act on a territory', () => {
    const structure = user({ role: 'structure', scope: { kind: 'lieu', code: 'abc' } });
    expect(decide(access.roles(['structure'], { territory: () => undefined }), structure, chatellerault, contains).allowed).toBe(false);
  });

  it('admits an API token only on routes naming a scope it holds, within its territories', () => {
    const token: Principal = { kind: 'api_token', tokenId: 't', name: 'x', scopes: ['lieux:ecriture'], territories: [{ kind: 'departement', code: '86' }] };
    const route = access.roles(['gestionnaire'], { territory: () => undefined, tokenScope: 'lieux:ecriture' });
    expect(decide(route, token, chatellerault, contains).allowed).toBe(true);
    expect(decide(route, token, paris, contains).allowed).toBe(false);
    expect(decide(byCommune, token, chatellerault, contains).allowed).toBe(false);
    expect(decide(access.authenticated, token, undefined, contains).allowed).toBe(false);
  });
});

describe('route registration', () => {
  it('refuses to start when a route declares no access policy', async () => {
    const { db, close } = await openDatabase({ kind: 'pglite-memory' });
    const ctx = { config: loadConfig({}), db, clock: () => new Date(), contains, mailer: { kind: 'outbox' as const, send: async () => {}, close: async () => {} } };
    await expect(
      createApp(ctx, [{ name: 'bad', routes: async (app) => void app.get('/api/v1/oubli', async () => 'x') }]),
    ).rejects.toThrow(/ne déclare pas de politique d'accès/);
    await close();
  });
});
