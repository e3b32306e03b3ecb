import { describe, expect, it } from 'vitest';
import { defaultTravelTimeParameters, loadConfig, parseDatabaseUrl } from './config';

describe('DATABASE_URL: one rule for the server, the CLI and the tests', () => {
  it('uses PGlite in ./var/db when unset or empty', () => {
    expect(parseDatabaseUrl(undefined, '/srv/maillage')).toEqual({ kind: 'pglite', dataDir: '/srv/maillage/var/db' });
    expect(parseDatabaseUrl('  ', '/srv/maillage')).toEqual({ kind: 'pglite', dataDir: '/srv/maillage/var/db' });
  });
  it('uses PGlite in the given folder with file:, relative to the working directory or absolute', () => {
    expect(parseDatabaseUrl('file:donnees/base', '/srv/m')).toEqual({ kind: 'pglite', dataDir: '/srv/m/donnees/base' });
    expect(parseDatabaseUrl('file:/tmp/x', '/srv/m')).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
    expect(parseDatabaseUrl('file:///tmp/x', '/srv/m')).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
  });
  it('uses PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(parseDatabaseUrl('postgresql://u:p@h/db').kind).toBe('postgres');
  });
  it('refuses anything else with a French message', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/DATABASE_URL non reconnue/);
    expect(() => parseDatabaseUrl('file:')).toThrow(/dossier est vide/);
  });
});

describe('loadConfig', () => {
  it('defaults to port 3000 and a public URL on that port', () => {
    const c = loadConfig({}, '/srv/m');
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.oidc).toBeUndefined();
    expect(c.travelTime).toEqual(defaultTravelTimeParameters);
  });
  it('reads PORT and enables OIDC only with an issuer and a client id', () => {
    const c = loadConfig({ PORT: '8080', OIDC_ISSUER: 'https://auth.exemple.fr', OIDC_CLIENT_ID: 'maillage' });
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.oidc).toMatchObject({ issuer: 'https://auth.exemple.fr', clientId: 'maillage', providerName: 'ProConnect' });
  });
  it('reads travel-time bands and rejects malformed ones', () => {
    const c = loadConfig({ TRAVEL_DETOUR_BANDS: '3:1.5,*:1.2' });
    expect(c.travelTime.detourBands).toEqual([[3, 1.5], [Infinity, 1.2]]);
    expect(() => loadConfig({ TRAVEL_SPEED_BANDS: '3:30,10:45' })).toThrow(/dernière tranche/);
    expect(() => loadConfig({ TRAVEL_SPEED_BANDS: 'a:b,*:3' })).toThrow(/invalide/);
  });
  it('rejects an invalid port in French', () => {
    expect(() => loadConfig({ PORT: 'quatre' })).toThrow(/Configuration invalide : PORT/);
  });
});
