import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authModule, ensureUser } from '../../src/platform/auth';
import { loadConfig } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { createApp, type App } from '../../src/platform/http';
import { loggerOptions } from '../../src/platform/http/logging';
import { createMailer } from '../../src/platform/mail';

const lines: string[] = [];
let handle: DatabaseHandle;
let app: App['app'];

beforeAll(async () => {
  handle = await openDatabase({ kind: 'pglite-memory' });
  const config = loadConfig({ NODE_ENV: 'test' });
  await ensureUser(handle.db, { email: 'jeanne.martin@exemple.fr', roles: [{ role: 'admin', perimetre: 'national' }] });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  ({ app } = await createApp(
    { config, db: handle.db, mailer: createMailer(config, handle.db), clock: () => new Date(), contains: () => false },
    [authModule],
    { logger: { ...(loggerOptions('info', false) as object), stream } },
  ));
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

it('logs requests without e-mail addresses, tokens, cookies or query strings', async () => {
  await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique?email=jeanne.martin@exemple.fr', payload: { email: 'jeanne.martin@exemple.fr' } });
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/lien-magique/verifier',
    payload: { jeton: 'jeton-secret-de-test-0123456789-abcdefghijkl' },
    headers: { cookie: 'maillage_session=cookie-secret', authorization: 'Bearer mll_secret' },
  });
  const log = lines.join('');
  expect(lines.length).toBeGreaterThanOrEqual(4);
  expect(log).toContain('/api/v1/auth/lien-magique');
  for (const secret of ['jeanne.martin', 'exemple.fr', 'jeton-secret-de-test', 'cookie-secret', 'mll_secret']) {
    expect(log).not.toContain(secret);
  }
});
