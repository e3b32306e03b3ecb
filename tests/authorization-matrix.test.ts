// Walks every registered route × every kind of caller × a target inside and outside the caller's territory,
// against an expectation table written independently of the routes' own policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { analyseImport, applyImport, isFileError, lieuxTables, listLieux, recordKey } from '../src/lieux';
import { lieuInvitations } from '../src/freshness/schema';
import { orientations } from '../src/orientation/fiche/schema';
import { lieuReports } from '../src/orientation/reports/schema';
import { hashSecret, newSecret } from '../src/platform/auth/secrets';
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
  request: (where: Where, n: number) => { url: string; payload?: unknown; contentType?: string };
  /** Whether the route concerns a territory (then both targets are tried). */
  territorial?: boolean;
}

const everyone = CALLERS;
const MANAGERS: Caller[] = ['admin', 'gestionnaire'];
/** Filled in beforeAll: one lieu (and its source record) in the Vienne, one in Paris. */
const lieuIds: Record<Where, string> = { in: '', out: '' };
const recordKeys: Record<Where, string> = { in: '', out: '' };
const orientationIds: Record<Where, string> = { in: '', out: '' };
const invitationIds: Record<Where, string> = { in: '', out: '' };
const reportIds: Record<Where, string> = { in: '', out: '' };
const conflictIds: Record<Where, string> = { in: '', out: '' };
/** The secret of a structure link that opens the 'in' lieu only. */
const structureSecret = newSecret();
const PRESCRIBERS: Caller[] = ['admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure'];
const STANDARD_HEADER =
  'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv';
const LIEUX_CSV = [
  STANDARD_HEADER,
  'vienne-1,21860066600019,Espace numérique de Châtellerault,Châtellerault,86100,86066,1 rue de la Gare,,46.8147,0.5583,,,,,,,,matrice,,,2024-05-01,Aide aux démarches administratives,,,,,,,,,,',
  'vienne-2,21860194100013,Médiathèque François-Mitterrand,Poitiers,86000,86194,4 rue de l’Université,,46.5802,0.3404,,,,,,,,matrice,,,2024-05-01,Loisirs et créations numériques,,,,,,,,,,',
  'paris-1,21750001600019,Point numérique Paris Centre,Paris,75001,75056,1 place de l’Hôtel de Ville,,48.8566,2.3522,,,,,,,,matrice,,,2024-05-01,Aide aux démarches administratives,,,,,,,,,,',
  'paris-2,21750001600027,Bibliothèque Paris Nord,Paris,75018,75056,10 rue Custine,,48.8880,2.3480,,,,,,,,matrice,,,2024-05-01,Loisirs et créations numériques,,,,,,,,,,',
].join('\n');

/** A multipart body as a browser sends it, for POST /api/v1/imports. */
function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----maillage-matrice';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\ncontent-disposition: form-data; name="fichier"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n${file.content}\r\n`,
  );
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
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
  // The public map: commune contours shipped for the Vienne and its neighbours (Paris is not shipped: 404, still public).
  'GET /api/v1/territoires/contours': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/territoires/contours?departement=${w === 'in' ? '86' : '75'}` }),
  },
  'GET /api/v1/carte/config': { allowed: everyone, request: () => ({ url: '/api/v1/carte/config' }) },
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

  // Registry of lieux: public reading, territorial writing by gestionnaires (admin everywhere).
  'GET /api/v1/lieux': { allowed: everyone, request: () => ({ url: '/api/v1/lieux?departement=86' }) },
  'GET /api/v1/lieux/:id': { allowed: everyone, territorial: true, request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}` }) },
  'GET /api/v1/lieux/:id/historique': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/historique` }),
  },
  'GET /api/v1/lieux/export.csv': { allowed: everyone, request: () => ({ url: '/api/v1/lieux/export.csv?departement=86' }) },
  'GET /api/v1/lieux/export.json': { allowed: everyone, request: () => ({ url: '/api/v1/lieux/export.json' }) },
  'GET /api/v1/lieux/export.geojson': { allowed: everyone, request: () => ({ url: '/api/v1/lieux/export.geojson' }) },
  'GET /api/v1/lieux/export/data-inclusion': { allowed: everyone, request: () => ({ url: '/api/v1/lieux/export/data-inclusion' }) },
  'POST /api/v1/imports': {
    // Route-level: managers only; rows outside a gestionnaire's territory are rejected row by row (tested in tests/lieux).
    allowed: MANAGERS,
    request: () => {
      const { body, contentType } = multipart({ source: 'matrice', simulation: 'true', complet: 'false' }, { name: 'lieux.csv', content: LIEUX_CSV });
      return { url: '/api/v1/imports', payload: body, contentType };
    },
  },
  'GET /api/v1/imports': { allowed: MANAGERS, request: () => ({ url: '/api/v1/imports' }) },
  'GET /api/v1/imports/:id': { allowed: MANAGERS, request: () => ({ url: '/api/v1/imports/00000000-0000-4000-8000-000000000000' }) },
  'GET /api/v1/imports/:id/rejets.csv': {
    allowed: MANAGERS,
    request: () => ({ url: '/api/v1/imports/00000000-0000-4000-8000-000000000000/rejets.csv' }),
  },
  'PATCH /api/v1/lieux/:id': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}`, payload: { version: 1, changes: { presentation_resume: 'Accueil sans rendez-vous.' } } }),
  },
  'POST /api/v1/lieux/:id/retablir': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/retablir`, payload: { entree: 1 } }),
  },
  'PUT /api/v1/lieux/:id/statut': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/statut`, payload: { kind: 'ouvert' } }),
  },
  'GET /api/v1/doublons': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/doublons?departement=${w === 'in' ? '86' : '75'}` }),
  },
  // Orientation: the engine and the fiche are public; sending needs a prescriber; follow-up by the receiving lieu's team.
  'GET /api/v1/orientation': { allowed: everyone, request: () => ({ url: '/api/v1/orientation?commune=86066&services=Aide%20aux%20d%C3%A9marches%20administratives' }) },
  'GET /api/v1/orientation/compte': { allowed: everyone, request: () => ({ url: '/api/v1/orientation/compte?commune=86194' }) },
  'GET /api/v1/lieux/:id/horaires': { allowed: everyone, territorial: true, request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/horaires` }) },
  'POST /api/v1/lieux/:id/signalements': {
    allowed: everyone,
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/signalements`, payload: { categorie: 'horaires', message: 'Fermé le samedi matin' } }),
  },
  'GET /api/v1/signalements': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/signalements?departement=${w === 'in' ? '86' : '75'}` }),
  },
  // Moderation of a report: the gestionnaires of its lieu's territory (the first allowed caller closes it, the next get 409).
  ...Object.fromEntries(
    (['corriger', 'transmettre', 'rejeter'] as const).map((action): [string, Expectation] => [
      `POST /api/v1/signalements/:id/${action}`,
      {
        allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
        territorial: true,
        request: (w) => ({ url: `/api/v1/signalements/${reportIds[w]}/${action}`, payload: { note: 'Vérifié sur place.' } }),
      },
    ]),
  ),
  'GET /api/v1/orientations/fiche': { allowed: everyone, territorial: true, request: (w) => ({ url: `/api/v1/orientations/fiche?lieux=${lieuIds[w]}` }) },
  'POST /api/v1/orientations/envoi': {
    allowed: PRESCRIBERS,
    territorial: true,
    request: (w) => ({
      url: '/api/v1/orientations/envoi',
      payload: { canal: 'sms', destinataire: '0612345678', besoin: 'Déclarer ses impôts en ligne', lieux: [lieuIds[w]] },
    }),
  },
  'GET /api/v1/orientations/recues': { allowed: ['admin', 'coordinateur', 'mediateur', 'structure'], request: () => ({ url: '/api/v1/orientations/recues' }) },
  'POST /api/v1/orientations/:id/recue': {
    // The receiving lieu's team (territorial scope containing the lieu); a structure only for its own lieu.
    allowed: (w) => (w === 'in' ? ['admin', 'coordinateur', 'mediateur'] : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/orientations/${orientationIds[w]}/recue`, payload: {} }),
  },
  'POST /api/v1/doublons/decisions': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: '/api/v1/doublons/decisions', payload: { a: recordKeys[w], b: recordKeys[w].replace(/-1$/, '-2'), decision: 'distinct' } }),
  },
  'GET /api/v1/dev/outbox': { allowed: everyone, request: () => ({ url: '/api/v1/dev/outbox' }) },
  // Structure self-service: gestionnaires of the lieu's territory send and revoke links…
  'POST /api/v1/lieux/:id/invitations': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/invitations`, payload: {} }),
  },
  'GET /api/v1/lieux/:id/invitations': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/lieux/${lieuIds[w]}/invitations` }),
  },
  'POST /api/v1/invitations': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: '/api/v1/invitations', payload: { departement: w === 'in' ? '86' : '75' } }),
  },
  'DELETE /api/v1/invitations/:id': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/invitations/${invitationIds[w]}` }),
  },
  // Import conflicts: for the gestionnaires of the lieu's territory (all of France: admins only).
  'GET /api/v1/conflits': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/conflits?departement=${w === 'in' ? '86' : '75'}` }),
  },
  'POST /api/v1/conflits/:id/decision': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/conflits/${conflictIds[w]}/decision`, payload: { decision: 'garder' } }),
  },
  // …and the link is the structure's only credential, whoever calls: it opens its lieu ('in'), never another ('out').
  'GET /api/v1/structure/:jeton': { allowed: everyone, request: () => ({ url: `/api/v1/structure/${structureSecret}` }) },
  'GET /api/v1/structure/:jeton/lieux/:id': {
    allowed: (w) => (w === 'in' ? everyone : []),
    territorial: true,
    request: (w) => ({ url: `/api/v1/structure/${structureSecret}/lieux/${lieuIds[w]}` }),
  },
  'PATCH /api/v1/structure/:jeton/lieux/:id': {
    allowed: (w) => (w === 'in' ? everyone : []),
    territorial: true,
    request: (w) => ({ url: `/api/v1/structure/${structureSecret}/lieux/${lieuIds[w]}`, payload: { version: 1, changes: { presentation_resume: 'Accueil libre.' } } }),
  },
  'POST /api/v1/structure/:jeton/lieux/:id/confirmation': {
    allowed: (w) => (w === 'in' ? everyone : []),
    territorial: true,
    request: (w) => ({ url: `/api/v1/structure/${structureSecret}/lieux/${lieuIds[w]}/confirmation`, payload: {} }),
  },
  'PUT /api/v1/structure/:jeton/lieux/:id/statut': {
    allowed: (w) => (w === 'in' ? everyone : []),
    territorial: true,
    request: (w) => ({ url: `/api/v1/structure/${structureSecret}/lieux/${lieuIds[w]}/statut?version=1`, payload: { kind: 'ouvert' } }),
  },
  // Reminders: the sending log of a territory, for its gestionnaires (all of France: admins only).
  'GET /api/v1/rappels': {
    allowed: (w) => (w === 'in' ? MANAGERS : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/rappels?departement=${w === 'in' ? '86' : '75'}` }),
  },
  // Reliability dashboard: admins, and the territory's gestionnaires and coordinateurs (never tokens nor the public).
  'GET /api/v1/fiabilite': {
    allowed: (w) => (w === 'in' ? ['admin', 'gestionnaire', 'coordinateur'] : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/fiabilite?departement=${w === 'in' ? '86' : '75'}` }),
  },
  'GET /api/v1/fiabilite/lieux': {
    allowed: (w) => (w === 'in' ? ['admin', 'gestionnaire', 'coordinateur'] : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/fiabilite/lieux?commune=${w === 'in' ? '86066' : '75056'}&indicateur=confirmes` }),
  },
  'GET /api/v1/fiabilite.xlsx': {
    allowed: (w) => (w === 'in' ? ['admin', 'gestionnaire', 'coordinateur'] : ['admin']),
    territorial: true,
    request: (w) => ({ url: `/api/v1/fiabilite.xlsx?epci=${w === 'in' ? '200069854' : '200054781'}` }),
  },
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

    const analysis = analyseImport(new TextEncoder().encode(LIEUX_CSV), { source: 'matrice' }, server.referential);
    if (isFileError(analysis)) throw new Error(analysis.reason);
    await applyImport(server.ctx.db, analysis, { source: 'matrice', full: true, actor: { kind: 'system' }, fileName: null }, { referential: server.referential });
    for (const [where, departement] of [['in', '86'], ['out', '75']] as const) {
      const { items } = await listLieux(server.ctx.db, { departement }, { limit: 1 });
      lieuIds[where] = items[0]!.id;
    }
    for (const where of ['in', 'out'] as const) {
      const [row] = await server.ctx.db
        .insert(orientations)
        .values({ need: 'Déclarer ses impôts en ligne', fromUserId: userIds.get('admin')!, toLieuIds: [lieuIds[where]], channel: 'sms' })
        .returning({ id: orientations.id });
      orientationIds[where] = row!.id;
    }
    for (const where of ['in', 'out'] as const) {
      const [lieu] = await server.ctx.db.select().from(lieuxTables.lieux).where(eq(lieuxTables.lieux.id, lieuIds[where]));
      const [row] = await server.ctx.db
        .insert(lieuReports)
        .values({ lieuId: lieu!.id, category: 'horaires', message: 'Fermé le samedi matin', departement: lieu!.departement, codeInsee: lieu!.codeInsee, ipHash: 'matrice' })
        .returning({ id: lieuReports.id });
      reportIds[where] = row!.id;
    }
    recordKeys.in = recordKey('matrice', 'vienne-1');
    recordKeys.out = recordKey('matrice', 'paris-1');
    // Links to revoke (in/out of territory), and the structure's own link, never revoked here.
    for (const where of ['in', 'out', 'structure'] as const) {
      const [row] = await server.ctx.db
        .insert(lieuInvitations)
        .values({
          tokenHash: hashSecret(where === 'structure' ? structureSecret : newSecret()),
          lieuIds: [lieuIds[where === 'out' ? 'out' : 'in']],
          email: `structure-${where}@matrice.example`,
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        })
        .returning({ id: lieuInvitations.id });
      if (where !== 'structure') invitationIds[where] = row!.id;
    }
    for (const where of ['in', 'out'] as const) {
      const [row] = await server.ctx.db
        .insert(lieuxTables.lieuFieldConflicts)
        .values({
          lieuId: lieuIds[where],
          field: 'telephone',
          source: 'matrice',
          sourceId: where === 'in' ? 'vienne-1' : 'paris-1',
          incomingValue: '+33549000000',
          incomingHash: `matrice-${where}`,
          departement: where === 'in' ? '86' : '75',
        })
        .returning({ id: lieuxTables.lieuFieldConflicts.id });
      conflictIds[where] = row!.id;
    }
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
      const expectation = EXPECTED[key];
      if (!expectation) continue; // reported by the test above
      for (const where of expectation.territorial ? (['in', 'out'] as const) : (['in'] as const)) {
        const allowed = typeof expectation.allowed === 'function' ? expectation.allowed(where) : expectation.allowed;
        for (const caller of CALLERS) {
          const { url, payload, contentType } = expectation.request(where, n++);
          const res = await server.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...(await headersFor(caller)), ...(contentType ? { 'content-type': contentType } : {}) },
            remoteAddress: `10.0.${Math.floor(n / 250)}.${n % 250}`,
            ...(payload === undefined ? {} : { payload: payload as string }),
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
