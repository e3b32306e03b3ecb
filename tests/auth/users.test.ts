import { expect, it } from 'vitest';
import { createUser, ensureUser, findUserByEmail, listUsers, parseLooseScope, validateAssignment } from '../../src/platform/auth';
import { listChanges } from '../../src/platform/audit';
import { describeWithDatabases } from '../helpers/db';
import { buildApp, signedIn, testContains } from './support';

describeWithDatabases('users', ({ itDb }) => {
  itDb('normalises the e-mail, audits the creation, refuses a second account for the same address', async (db) => {
    const created = await createUser(db, { email: '  Jean.Dupont@Exemple.FR ', nom: ' Jean Dupont ', role: 'coordinateur', perimetre: 'epci:200069854' }, { kind: 'cli' }, 'cli');
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.email).toBe('jean.dupont@exemple.fr');
    expect(created.value.displayName).toBe('Jean Dupont');
    expect((await findUserByEmail(db, 'JEAN.DUPONT@exemple.fr'))?.id).toBe(created.value.id);

    const history = await listChanges(db, { entity: 'user', entityId: created.value.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      actor: { kind: 'cli' },
      action: 'create',
      source: 'cli',
      after: { email: 'jean.dupont@exemple.fr', roles: [{ role: 'coordinateur', perimetre: 'epci:200069854' }] },
    });

    const again = await createUser(db, { email: 'jean.dupont@exemple.fr' }, { kind: 'cli' });
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ champ: 'email', code: 'conflict' }) });
  });

  itDb('bad e-mail, role or scope combinations give a French error naming the field', async (db) => {
    const cases: Array<[Parameters<typeof createUser>[1], string, RegExp]> = [
      [{ email: 'pas une adresse' }, 'email', /n'est pas valide/],
      [{ email: 'a@exemple.fr', role: 'superadmin', perimetre: 'national' }, 'role', /Rôle inconnu/],
      [{ email: 'a@exemple.fr', role: 'admin', perimetre: 'departement:86' }, 'perimetre', /national/],
      [{ email: 'a@exemple.fr', role: 'mediateur', perimetre: 'national' }, 'perimetre', /réservé aux administrateurs/],
      [{ email: 'a@exemple.fr', role: 'mediateur' }, 'perimetre', /obligatoire/],
      [{ email: 'a@exemple.fr', role: 'gestionnaire', perimetre: 'lieu:abc' }, 'perimetre', /pas sur un lieu/],
      [{ email: 'a@exemple.fr', role: 'structure', perimetre: 'departement:86' }, 'perimetre', /lieu/],
      [{ email: 'a@exemple.fr', role: 'coordinateur', perimetre: 'epci:1234' }, 'perimetre', /SIREN/],
      [{ email: 'a@exemple.fr', role: 'coordinateur', perimetre: 'pays:fr' }, 'perimetre', /non reconnu/],
    ];
    for (const [input, champ, message] of cases) {
      const result = await createUser(db, input, { kind: 'system' });
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) {
        expect(result.error.champ).toBe(champ);
        expect(result.error.message).toMatch(message);
      }
    }
    expect(await listChanges(db, { entity: 'user' })).toHaveLength(0);
    expect(validateAssignment('admin', undefined)).toEqual({ ok: true, value: { role: 'admin', scope: { kind: 'national' } } });
    expect(validateAssignment('mediateur', 'departement:2a')).toEqual({ ok: true, value: { role: 'mediateur', scope: { kind: 'departement', code: '2A' } } });
  });

  itDb('ensureUser is idempotent by e-mail and adds missing roles (audited)', async (db) => {
    const a = await ensureUser(db, { email: 'Seed@exemple.fr', nom: 'Semence', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    const b = await ensureUser(db, { email: 'seed@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }, { role: 'admin' }] });
    expect(b.id).toBe(a.id);
    expect(b.assignments.map((x) => x.role).sort()).toEqual(['admin', 'gestionnaire']);
    const c = await ensureUser(db, { email: 'seed@exemple.fr', roles: [{ role: 'admin' }] });
    expect(c.assignments).toHaveLength(2);
    const actions = (await listChanges(db, { entity: 'user', entityId: a.id })).map((h) => h.action);
    expect(actions).toEqual(['create', 'add_role', 'add_role']);
  });

  itDb('a gestionnaire sees the users of their territory only', async (db) => {
    const gest = await signedIn(db, (await buildApp(db)).config, { email: 'gest86@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    await ensureUser(db, { email: 'poitiers@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'commune:86066' }] });
    await ensureUser(db, { email: 'bordeaux@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'commune:33063' }] });
    await ensureUser(db, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });
    const principal = {
      kind: 'user' as const,
      userId: gest.user.id,
      email: gest.user.email,
      displayName: null,
      sessionId: '',
      csrfToken: '',
      assignments: gest.user.assignments,
    };
    const visible = (await listUsers(db, principal, testContains)).map((u) => u.email);
    expect(visible).toEqual(['gest86@exemple.fr', 'poitiers@exemple.fr']);
  });
});

it('reads a loose CLI territory (86, 2A, 971, SIREN, INSEE code)', () => {
  expect(parseLooseScope('86')).toBe('departement:86');
  expect(parseLooseScope('2a')).toBe('departement:2A');
  expect(parseLooseScope('971')).toBe('departement:971');
  expect(parseLooseScope('200069854')).toBe('epci:200069854');
  expect(parseLooseScope('86066')).toBe('commune:86066');
  expect(parseLooseScope('region:75')).toBe('region:75');
});

describeWithDatabases('users API', ({ itDb }) => {
  itDb('admin creates anyone; the list and the audit are admin-visible', async (db) => {
    const { app, config } = await buildApp(db);
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/utilisateurs',
      cookies: admin.cookies,
      headers: admin.headers,
      payload: { email: 'Nouvelle.Gest@exemple.fr', nom: 'Nouvelle', role: 'gestionnaire', perimetre: 'region:75' },
    });
    expect(created.statusCode).toBe(201);
    const { utilisateur } = created.json();
    expect(utilisateur).toMatchObject({
      email: 'nouvelle.gest@exemple.fr',
      nom: 'Nouvelle',
      roles: [{ role: 'gestionnaire', libelle: 'Gestionnaire de territoire', perimetre: 'region:75' }],
    });

    const list = await app.inject({ method: 'GET', url: '/api/v1/utilisateurs', cookies: admin.cookies });
    expect(list.statusCode).toBe(200);
    expect(list.json().utilisateurs.map((u: { email: string }) => u.email)).toEqual(['admin@exemple.fr', 'nouvelle.gest@exemple.fr']);

    const audit = await app.inject({ method: 'GET', url: `/api/v1/audit?entite=user&id=${utilisateur.id}`, cookies: admin.cookies });
    expect(audit.statusCode).toBe(200);
    expect(audit.json().entrees).toEqual([
      expect.objectContaining({ acteur: { type: 'user', id: admin.user.id }, entite: 'user', idEntite: utilisateur.id, action: 'create', source: 'api' }),
    ]);

    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/utilisateurs',
      cookies: admin.cookies,
      headers: admin.headers,
      payload: { email: 'nouvelle.gest@exemple.fr', role: 'admin', perimetre: 'national' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ champ: 'email' });
  });

  itDb('validation errors → 400 naming the field', async (db) => {
    const { app, config } = await buildApp(db);
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin' }] });
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/utilisateurs', cookies: admin.cookies, headers: admin.headers, payload });
    for (const [payload, champ] of [
      [{ email: 'x', role: 'mediateur', perimetre: 'departement:86' }, 'email'],
      [{ email: 'x@exemple.fr', role: 'chef', perimetre: 'departement:86' }, 'role'],
      [{ email: 'x@exemple.fr', role: 'mediateur', perimetre: 'departement:999' }, 'perimetre'],
      [{ email: 'x@exemple.fr', perimetre: 'departement:86' }, 'role'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().champ).toBe(champ);
    }
  });

  itDb('a gestionnaire of 86 creates inside 86 only, and never an admin or a gestionnaire', async (db) => {
    const { app, config } = await buildApp(db);
    const gest = await signedIn(db, config, { email: 'gest86@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/utilisateurs', cookies: gest.cookies, headers: gest.headers, payload });

    const outside = await post({ email: 'a@exemple.fr', role: 'mediateur', perimetre: 'departement:75' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toMatch(/en dehors de votre territoire/);
    const region = await post({ email: 'a@exemple.fr', role: 'coordinateur', perimetre: 'region:75' });
    expect(region.statusCode).toBe(403);
    const adminRole = await post({ email: 'a@exemple.fr', role: 'admin', perimetre: 'national' });
    expect(adminRole.statusCode).toBe(403);
    expect(adminRole.json().detail).toMatch(/pas administrateur/);
    const gestRole = await post({ email: 'a@exemple.fr', role: 'gestionnaire', perimetre: 'departement:86' });
    expect(gestRole.statusCode).toBe(403);
    const structure = await post({ email: 'a@exemple.fr', role: 'structure', perimetre: 'lieu:L1' });
    expect(structure.statusCode).toBe(403);
    expect(await findUserByEmail(db, 'a@exemple.fr')).toBeUndefined();

    const inside = await post({ email: 'a@exemple.fr', role: 'mediateur', perimetre: 'commune:86066' });
    expect(inside.statusCode).toBe(201);
    const same = await post({ email: 'b@exemple.fr', role: 'coordinateur', perimetre: 'departement:86' });
    expect(same.statusCode).toBe(201);

    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/utilisateurs', cookies: gest.cookies, payload: { email: 'c@exemple.fr', role: 'mediateur', perimetre: 'departement:86' } });
    expect(noCsrf.statusCode).toBe(403);
  });

  itDb('a mediateur cannot list or create users; anonymous → 401; audit is admin only', async (db) => {
    const { app, config } = await buildApp(db);
    const med = await signedIn(db, config, { email: 'med@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'departement:86' }] });
    const gest = await signedIn(db, config, { email: 'gest@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/utilisateurs', cookies: med.cookies })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/utilisateurs' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/utilisateurs', cookies: med.cookies, headers: med.headers, payload: { email: 'z@exemple.fr', role: 'mediateur', perimetre: 'departement:86' } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit?entite=user', cookies: gest.cookies })).statusCode).toBe(403);

    const list = await app.inject({ method: 'GET', url: '/api/v1/utilisateurs', cookies: gest.cookies });
    expect(list.json().utilisateurs.map((u: { email: string }) => u.email)).toEqual(['gest@exemple.fr', 'med@exemple.fr']);
  });
});
