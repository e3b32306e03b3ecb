import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openDatabase, type DatabaseHandle } from '../db';
import { createApp, type App } from './app';
import { problem } from './problem';

describe('errors leave as French application/problem+json', () => {
  let handle: DatabaseHandle;
  let app: App['app'];
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite-memory' });
    const ctx = {
      config: loadConfig({}),
      db: handle.db,
      clock: () => new Date(),
      contains: () => false,
      mailer: { kind: 'outbox' as const, send: async () => {}, close: async () => {} },
    };
    ({ app } = await createApp(ctx, [
      {
        name: 'sample',
        routes: async (r) => {
          r.post(
            '/api/v1/exemple',
            { config: { access: { kind: 'public' } }, schema: { body: z.object({ email: z.email(), age: z.number().int().min(0) }) } },
            async () => ({ ok: true }),
          );
          r.get('/api/v1/boum', { config: { access: { kind: 'public' } } }, async () => {
            throw new Error('secret internal detail');
          });
          r.get('/api/v1/absent', { config: { access: { kind: 'public' } } }, async () => {
            throw problem.notFound('Commune inconnue : 86999.', 'code');
          });
        },
      },
    ]));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('names the field at fault in a validation error, in French', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/exemple', payload: { email: 'pas-un-courriel', age: 3 } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.champ).toBe('email');
    expect(body.detail).toMatch(/email/);
    expect(body.detail).toMatch(/invalide/i);
  });

  it('rejects a malformed JSON body with a French message', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/exemple', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/JSON valide/);
  });

  it('answers 404 for an unknown API path, and keeps a domain problem as thrown', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nulle-part?x=1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, instance: '/api/v1/nulle-part' });
    const absent = await app.inject({ method: 'GET', url: '/api/v1/absent' });
    expect(absent.statusCode).toBe(404);
    expect(absent.json()).toMatchObject({ champ: 'code', detail: 'Commune inconnue : 86999.' });
  });

  it('hides internal errors behind a 500 in French and keeps serving', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/boum' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.json().detail).toMatch(/erreur inattendue/);
    const again = await app.inject({ method: 'GET', url: '/api/v1/absent' });
    expect(again.statusCode).toBe(404);
  });
});
