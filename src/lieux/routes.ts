/**
 * HTTP API of the registry of lieux: public reading and exports; imports, edits, statuses and duplicate decisions for
 * gestionnaires (on their territory: the lieu's commune) and admins.
 */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../platform/audit';
import type { Principal, TerritoryContainment, TerritoryRef } from '../platform/auth/principal';
import type { Database } from '../platform/db';
import type { AppModule } from '../platform/http/app';
import { access, decide } from '../platform/http/access';
import { HttpProblem, problem } from '../platform/http/problem';
import {
  COMMUNE_CODE_PATTERN,
  DEPARTEMENT_CODE_PATTERN,
  EPCI_SIREN_PATTERN,
  REGION_CODE_PATTERN,
  type Referential,
} from '../territory';
import type { DedupConfig } from './dedup';
import { DISPOSITIFS, LIEU_FIELDS, LIST_FIELDS, SERVICES, type FieldIssue, type Lieu, type LieuField } from './domain';
import { rejectedRowsCsv, standardFileName, toDataInclusion, toGeoJson, toStandardCsv, toStandardJson } from './export';
import { IMPORT_FORMATS, analyseImport, isFileError } from './import';
import { lieux, sourceRecords } from './schema';
import {
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  applyImport,
  decidePair,
  editLieu,
  exportLieux,
  freshnessView,
  getLieu,
  lieuHistory,
  listLieux,
  listPairs,
  parisDate,
  revertLieu,
  setLieuStatus,
  type LieuWriteOutcome,
} from './service';
import { findImportRow, listImportRows, parseRecordKey, type LieuFilters } from './storage';

const TAGS = ['lieux'];
const PUBLIC = { access: access.public };
export const MANAGERS = ['admin', 'gestionnaire'] as const;
/** API tokens may write to the registry when they hold this scope. */
export const LIEUX_TOKEN_SCOPE = 'lieux';

/**
 * Where the signed-in person may put a lieu: a commune of a territory they manage (anywhere for a national admin or an
 * API token without territory). Given to edits as EditDeps.mayPlaceIn, so a gestionnaire cannot move a lieu out of
 * their territory into another's registry.
 */
export function placementOf(principal: Principal | null, contains: TerritoryContainment) {
  const policy = access.roles(MANAGERS, { territory: () => undefined, tokenScope: LIEUX_TOKEN_SCOPE });
  return (codeInsee: string | null) => decide(policy, principal, codeInsee ? { kind: 'commune', code: codeInsee } : undefined, contains).allowed;
}
const MAX_FILE_BYTES = 50 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------------
// Schemas

const code = (pattern: RegExp, message: string, description: string) =>
  z.string().regex(pattern, { error: message }).describe(description).optional();

const SERVICE_VALUES = SERVICES.map((s) => s.value) as [string, ...string[]];
const DISPOSITIF_VALUES = DISPOSITIFS.map((d) => d.value) as [string, ...string[]];

const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).optional());

const filtersQuery = z.object({
  region: code(REGION_CODE_PATTERN, 'code de région INSEE invalide : 2 chiffres attendus (ex. 75).', 'Code INSEE de la région'),
  departement: code(
    DEPARTEMENT_CODE_PATTERN,
    'code de département invalide : 2 chiffres, 2A, 2B ou 3 chiffres pour l’outre-mer attendus (ex. 86, 2A, 974).',
    'Code du département (ex. 86)',
  ),
  epci: code(EPCI_SIREN_PATTERN, "SIREN d'EPCI invalide : 9 chiffres attendus (ex. 200069854).", "SIREN de l'EPCI"),
  commune: code(
    COMMUNE_CODE_PATTERN,
    'code commune INSEE invalide : 5 caractères attendus, des chiffres ou 2A/2B suivis de 3 chiffres (ex. 86194).',
    'Code INSEE de la commune',
  ),
  source: z.string().min(1).max(100).optional().describe('Source des enregistrements (ex. conseiller-numerique)'),
  services: repeated(
    z.enum(SERVICE_VALUES, { error: `service inconnu : valeurs attendues ${SERVICE_VALUES.map((s) => `« ${s} »`).join(', ')}.` }),
  ).describe('Services du standard (paramètre répétable) : un lieu qui propose au moins l’un d’eux'),
  dispositif: z
    .enum(DISPOSITIF_VALUES, { error: 'dispositif inconnu : une valeur de dispositif_programmes_nationaux du standard est attendue.' })
    .optional()
    .describe('Dispositif ou programme national (ex. France Services)'),
  q: z.string().trim().max(200, { error: 'la recherche ne doit pas dépasser 200 caractères.' }).optional().describe('Nom, commune ou adresse'),
  statut: z
    .enum(['ouvert', 'ferme_temporairement', 'ferme_definitivement'], {
      error: 'statut invalide : ouvert, ferme_temporairement ou ferme_definitivement attendu.',
    })
    .optional()
    .describe('Statut ; par défaut tous les lieux sauf ceux fermés définitivement'),
});

const listQuery = filtersQuery.extend({
  a_verifier: z
    .enum(['true', 'false'], { error: 'a_verifier vaut true ou false.' })
    .default('false')
    .describe('true : seulement les lieux « à vérifier » (aucune confirmation depuis 6 mois)'),
  curseur: z.string().min(1).max(100).optional().describe('Curseur rendu par la page précédente (curseurSuivant)'),
  limite: z.coerce
    .number({ error: `la limite doit être un nombre entier entre 1 et ${MAX_PAGE_SIZE}.` })
    .int({ error: `la limite doit être un nombre entier entre 1 et ${MAX_PAGE_SIZE}.` })
    .min(1, { error: `la limite doit être un nombre entier entre 1 et ${MAX_PAGE_SIZE}.` })
    .max(MAX_PAGE_SIZE, { error: `la limite doit être un nombre entier entre 1 et ${MAX_PAGE_SIZE}.` })
    .default(DEFAULT_PAGE_SIZE),
});

const exportQuery = filtersQuery.extend({
  brut: z
    .enum(['true', 'false'], { error: 'brut vaut true ou false.' })
    .default('false')
    .describe('true : les enregistrements tels qu’importés, sans dédoublonnage'),
});

export const statusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ouvert') }),
  z.object({ kind: z.literal('ferme_temporairement'), du: z.string(), au: z.string().nullable() }),
  z.object({ kind: z.literal('ferme_definitivement'), depuis: z.string() }),
]);

const LISTS = new Set<string>(LIST_FIELDS);
const NUMBERS = new Set<string>(['latitude', 'longitude']);
const fieldSchema = (field: LieuField): z.ZodType =>
  LISTS.has(field) ? z.array(z.string()) : NUMBERS.has(field) ? z.number().nullable() : z.string().nullable();
const lieuSchema = z
  .object(Object.fromEntries(LIEU_FIELDS.map((f) => [f, fieldSchema(f)])))
  .describe('Lieu au standard v1') as unknown as z.ZodType<Lieu>;
const changesSchema = z.strictObject(
  Object.fromEntries(LIEU_FIELDS.filter((f) => f !== 'id' && f !== 'date_maj').map((f) => [f, fieldSchema(f).optional()])),
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `champ inconnu ou non modifiable : ${issue.keys.join(', ')}` : undefined) },
);
const provenanceSchema = z.record(z.string(), z.object({ source: z.string(), sourceId: z.string(), dateMaj: z.string() }));
const flagsSchema = z.object({
  approximate: z.boolean(),
  outsideDepartement: z.boolean(),
  codeInseeDerived: z.enum(['postcode', 'coordinates']).nullable(),
});
const issueSchema = z.object({ field: z.string(), value: z.string(), reason: z.string() });

/** When the lieu was last confirmed (saved or said right by its structure or a gestionnaire), and what follows. */
const freshnessSchema = z.object({
  confirmeLe: z.string().nullable().describe('Dernière confirmation (null : jamais confirmé)'),
  ajouteLe: z.string().describe('Entrée dans le registre'),
  aVerifier: z.boolean().describe('Aucune confirmation depuis 6 mois (comptés depuis l’entrée dans le registre si jamais confirmé)'),
});

const listItemSchema = z.object({
  id: z.string(),
  nom: z.string(),
  adresse: z.string(),
  code_postal: z.string(),
  commune: z.string(),
  code_insee: z.string().nullable(),
  services: z.array(z.string()),
  sources: z.array(z.string()),
  statut: statusSchema,
  date_maj: z.string(),
  ...freshnessSchema.shape,
});

export const lieuViewSchema = z.object({
  id: z.string(),
  lieu: lieuSchema,
  statut: statusSchema,
  version: z.number().int(),
  provenance: provenanceSchema,
});

export const conflictSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(409),
  detail: z.string(),
  instance: z.string(),
  champ: z.literal('version'),
  versionEnvoyee: z.number().int(),
  versionActuelle: z.number().int(),
  lieuActuel: lieuSchema,
});

const reportSchema = z.object({
  importId: z.string().nullable(),
  simulation: z.boolean(),
  format: z.string(),
  source: z.string(),
  fileName: z.string().nullable(),
  full: z.boolean(),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  absent: z.number().int(),
  reappeared: z.number().int(),
  rejects: z.array(
    z.object({
      line: z.number().int(),
      sourceId: z.string().nullable(),
      field: z.string(),
      value: z.string(),
      reason: z.string(),
      raw: z.record(z.string(), z.string()).optional(),
    }),
  ),
  warnings: z.array(issueSchema),
  lieux: z.object({ created: z.number().int(), updated: z.number().int(), removed: z.number().int() }),
  departements: z.array(z.string()),
  conflits: z
    .number()
    .int()
    .optional()
    .describe('Valeurs importées pour des champs modifiés dans Maillage : gardées telles quelles, à examiner (GET /api/v1/conflits)'),
});

const importSummarySchema = z.object({
  id: z.string(),
  source: z.string(),
  format: z.string(),
  fichier: z.string().nullable(),
  complet: z.boolean(),
  date: z.string(),
  acteur: z.object({ type: z.string(), id: z.string().nullable() }),
  total: z.number().int(),
  acceptes: z.number().int(),
  rejetes: z.number().int(),
  crees: z.number().int(),
  modifies: z.number().int(),
  inchanges: z.number().int(),
  absents: z.number().int(),
});

const pairSideSchema = z.object({ cle: z.string(), source: z.string(), sourceId: z.string(), lieu: lieuSchema.nullable() });

const idParams = z.object({ id: z.string().min(1).max(100).describe('Identifiant public du lieu') });

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** Where a lieu is, for the territory policy: its commune (else its département). */
export async function locateLieu(db: Database, lieuId: string): Promise<TerritoryRef | undefined> {
  const [row] = await db
    .select({ codeInsee: lieux.codeInsee, departement: lieux.departement })
    .from(lieux)
    .where(eq(lieux.id, lieuId));
  if (row?.codeInsee) return { kind: 'commune', code: row.codeInsee };
  if (row?.departement) return { kind: 'departement', code: row.departement };
  return undefined;
}

/** Where a source record is (key `source:sourceId`). */
export async function locateRecord(db: Database, key: string): Promise<TerritoryRef | undefined> {
  const parsed = parseRecordKey(key);
  if (!parsed) return undefined;
  const [row] = await db
    .select({ codeInsee: sourceRecords.codeInsee, departement: sourceRecords.departement })
    .from(sourceRecords)
    .where(and(eq(sourceRecords.source, parsed.source), eq(sourceRecords.sourceId, parsed.sourceId)));
  if (row?.codeInsee) return { kind: 'commune', code: row.codeInsee };
  if (row?.departement) return { kind: 'departement', code: row.departement };
  return undefined;
}

/**
 * The territory a manager may act on, as a predicate on a target; null when unrestricted (national admin or
 * gestionnaire, or an API token without territories).
 */
export function managerScope(
  principal: Principal,
  contains: TerritoryContainment,
): ((target: TerritoryRef | undefined) => boolean) | null {
  if (principal.kind === 'api_token') {
    if (principal.territories.length === 0) return null;
    return (target) => !!target && principal.territories.some((t) => contains(t, target));
  }
  const scopes = principal.assignments.filter((a) => (MANAGERS as readonly string[]).includes(a.role)).map((a) => a.scope);
  if (scopes.some((s) => s.kind === 'national')) return null;
  return (target) => !!target && scopes.some((s) => s.kind !== 'national' && s.kind !== 'lieu' && contains(s, target));
}

function filtersOf(q: z.infer<typeof filtersQuery>): LieuFilters {
  return {
    region: q.region,
    departement: q.departement,
    epci: q.epci,
    commune: q.commune,
    source: q.source,
    services: q.services,
    dispositif: q.dispositif,
    q: q.q || undefined,
    statut: q.statut,
  };
}

function invalid(errors: FieldIssue[]): HttpProblem {
  const first = errors[0];
  const detail = first ? `${first.field} : ${first.reason}` : 'Données invalides.';
  return new HttpProblem(
    400,
    'Requête invalide',
    detail,
    first?.field,
    errors.map((e) => ({ champ: e.field, message: e.reason })),
  );
}

function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

function lieuView(id: string, outcome: Extract<LieuWriteOutcome, { kind: 'ok' }>) {
  return { id, lieu: outcome.lieu, statut: outcome.status, version: outcome.version, provenance: outcome.provenance };
}

// ---------------------------------------------------------------------------------------------------------------------
// Module

export interface LieuxModuleOptions {
  dedupConfig?: DedupConfig;
  newId?: () => string;
}

export function lieuxModule(referential: Referential, options: LieuxModuleOptions = {}): AppModule {
  const deps = { referential, dedupConfig: options.dedupConfig, newId: options.newId };

  /** Territory targets resolved before the access check (the policy's territory function is synchronous). */
  const targets = new WeakMap<FastifyRequest, TerritoryRef | undefined>();
  const byLieu = (request: FastifyRequest) => targets.get(request);

  function territoryName(filters: LieuFilters): string {
    if (filters.commune) return referential.communes.get(filters.commune)?.nom ?? filters.commune;
    if (filters.epci) return referential.epci.get(filters.epci)?.nom ?? filters.epci;
    if (filters.departement) return referential.departements.get(filters.departement)?.nom ?? filters.departement;
    if (filters.region) return referential.regions.get(filters.region)?.nom ?? filters.region;
    return 'France';
  }

  return {
    name: 'lieux',
    routes: async (app, { ctx }) => {
      await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });

      const lieuTarget = async (request: FastifyRequest) => {
        const id = (request.params as { id?: unknown }).id;
        targets.set(request, typeof id === 'string' ? await locateLieu(ctx.db, id) : undefined);
      };
      const recordTarget = async (request: FastifyRequest) => {
        const a = (request.body as { a?: unknown } | undefined)?.a;
        targets.set(request, typeof a === 'string' ? await locateRecord(ctx.db, a) : undefined);
      };
      const managers = (territory?: (request: FastifyRequest) => TerritoryRef | undefined) =>
        access.roles(MANAGERS, { ...(territory ? { territory } : {}), tokenScope: LIEUX_TOKEN_SCOPE });

      // ---- Public reading --------------------------------------------------------------------------------------------

      app.get(
        '/api/v1/lieux',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Lister les lieux de médiation numérique',
            description:
              'Lieux publics (dédoublonnés), par identifiant croissant, page par page : passez `curseurSuivant` dans ' +
              '`curseur` pour la page suivante (stable même si des lieux sont ajoutés entre deux appels). Réponse avec ' +
              'ETag ; `If-None-Match` donne 304 quand rien n’a changé.',
            querystring: listQuery,
            response: {
              200: z.object({ resultats: z.array(listItemSchema), curseurSuivant: z.string().nullable() }),
              304: z.null().describe('Inchangé depuis l’ETag envoyé'),
            },
          },
        },
        async (request, reply) => {
          const { curseur, limite, a_verifier, ...filters } = request.query;
          const now = ctx.clock();
          const page = await listLieux(ctx.db, filtersOf(filters), { cursor: curseur, limit: limite }, a_verifier === 'true' ? now : undefined);
          const body = {
            resultats: page.items.map((item) => ({
              id: item.id,
              nom: item.lieu.nom,
              adresse: item.lieu.adresse,
              code_postal: item.lieu.code_postal,
              commune: item.lieu.commune,
              code_insee: item.lieu.code_insee,
              services: item.lieu.services,
              sources: item.sources,
              statut: item.status,
              date_maj: item.lieu.date_maj,
              ...freshnessView(item.freshness, now),
            })),
            curseurSuivant: page.nextCursor,
          };
          const etag = etagOf(body);
          reply.header('etag', etag).header('cache-control', 'public, no-cache');
          if (notModified(request, etag)) return reply.code(304).send(null);
          return body;
        },
      );

      const sendExport = async (
        request: FastifyRequest<{ Querystring: z.infer<typeof exportQuery> }>,
        reply: FastifyReply,
        kind: 'csv' | 'json' | 'geojson',
      ) => {
        const { brut, ...query } = request.query;
        const filters = filtersOf(query);
        const rows = await exportLieux(ctx.db, filters, { raw: brut === 'true', referential });
        const csvName = standardFileName({ date: parisDate(ctx.clock()), territoire: territoryName(filters) });
        const name = kind === 'csv' ? csvName : csvName.replace(/\.csv$/, kind === 'json' ? '.json' : '.geojson');
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (kind === 'csv') return reply.type('text/csv; charset=utf-8').send(toStandardCsv(rows));
        if (kind === 'json') return reply.type('application/json; charset=utf-8').send(toStandardJson(rows));
        const geo = toGeoJson(rows);
        reply.header('x-lieux-sans-coordonnees', String(geo.summary.withoutCoordinates));
        return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(geo.collection));
      };
      const exportDescription =
        'Lieux au standard des lieux de médiation numérique v1 (lieux dédoublonnés, sauf fermés définitivement ; ' +
        '`brut=true` : enregistrements tels qu’importés). Nom de fichier selon la convention du standard.';
      for (const kind of ['csv', 'json', 'geojson'] as const) {
        app.get(
          `/api/v1/lieux/export.${kind}`,
          {
            config: PUBLIC,
            schema: { tags: TAGS, summary: `Exporter les lieux (${kind.toUpperCase()})`, description: exportDescription, querystring: exportQuery },
          },
          (request, reply) => sendExport(request, reply, kind),
        );
      }

      app.get(
        '/api/v1/lieux/export/data-inclusion',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Exporter les lieux au schéma data·inclusion',
            description: 'Une structure et un service data·inclusion v1 par lieu.',
            querystring: exportQuery,
            response: {
              200: z.object({
                structures: z.array(z.record(z.string(), z.unknown())),
                services: z.array(z.record(z.string(), z.unknown())),
              }),
            },
          },
        },
        async (request) => {
          const { brut, ...query } = request.query;
          const rows = await exportLieux(ctx.db, filtersOf(query), { raw: brut === 'true', referential });
          const { structures, services } = toDataInclusion(rows);
          return {
            structures: structures as unknown as Array<Record<string, unknown>>,
            services: services as unknown as Array<Record<string, unknown>>,
          };
        },
      );

      app.get(
        '/api/v1/lieux/:id',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Fiche d’un lieu',
            description: 'Le lieu public, son statut, sa version, la provenance de chaque champ et ses enregistrements sources.',
            params: idParams,
            response: {
              200: lieuViewSchema.extend({
                ...freshnessSchema.shape,
                enregistrements: z.array(
                  z.object({
                    source: z.string(),
                    sourceId: z.string(),
                    type: z.enum(['import', 'edition']),
                    flags: flagsSchema,
                    avertissements: z.array(issueSchema),
                    absentDepuis: z.string().nullable(),
                  }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const detail = await getLieu(ctx.db, request.params.id);
          if (!detail) throw problem.notFound(`Aucun lieu ne porte l’identifiant ${request.params.id}.`, 'id');
          return {
            id: request.params.id,
            lieu: detail.lieu,
            statut: detail.status,
            version: detail.version,
            provenance: detail.provenance,
            ...freshnessView(detail.freshness, ctx.clock()),
            enregistrements: detail.records.map((r) => ({
              source: r.source,
              sourceId: r.sourceId,
              type: r.kind,
              flags: r.flags,
              avertissements: r.warnings,
              absentDepuis: r.absentSince?.toISOString() ?? null,
            })),
          };
        },
      );

      app.get(
        '/api/v1/lieux/:id/historique',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Historique d’un lieu',
            description: 'Modifications du lieu et de ses enregistrements (imports, éditions, statut), les plus récentes d’abord.',
            params: idParams,
            response: {
              200: z.object({
                entrees: z.array(
                  z.object({
                    id: z.number().int(),
                    date: z.string(),
                    acteur: z.object({ type: z.string(), id: z.string().nullable() }),
                    entite: z.string(),
                    cle: z.string(),
                    action: z.string(),
                    avant: z.unknown(),
                    apres: z.unknown(),
                    source: z.string(),
                  }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const detail = await getLieu(ctx.db, request.params.id);
          if (!detail) throw problem.notFound(`Aucun lieu ne porte l’identifiant ${request.params.id}.`, 'id');
          const entries = await lieuHistory(ctx.db, request.params.id);
          return {
            entrees: entries.map((e) => ({
              id: e.id,
              date: e.at.toISOString(),
              acteur: { type: e.actor.kind, id: 'id' in e.actor ? e.actor.id : null },
              entite: e.entity,
              cle: e.entityId,
              action: e.action,
              avant: e.before,
              apres: e.after,
              source: e.source,
            })),
          };
        },
      );

      // ---- Gestionnaires and admins -------------------------------------------------------------------------------

      app.post(
        '/api/v1/imports',
        {
          config: { access: managers() },
          schema: {
            tags: TAGS,
            summary: 'Importer un fichier de lieux',
            description:
              'Formulaire multipart : `fichier` (CSV ou JSON : standard v1, v0, France Services, data·inclusion), ' +
              '`source` (nom de la source), `format` (facultatif, détecté sinon), `complet` (true par défaut : les ' +
              'enregistrements de la source absents du fichier sont signalés, jamais supprimés), `simulation` (true : ' +
              'rapport seul, rien n’est écrit). Un gestionnaire ne peut importer que des lieux de son territoire : les ' +
              'autres lignes sont rejetées (« hors de votre territoire »).',
            response: { 200: reportSchema },
          },
        },
        async (request) => {
          if (!request.isMultipart()) {
            throw problem.badRequest('Un formulaire multipart/form-data avec le champ « fichier » est attendu.', 'fichier');
          }
          let bytes: Buffer | undefined;
          let fileName: string | null = null;
          const fields: Record<string, string> = {};
          try {
            for await (const part of request.parts()) {
              if (part.type === 'file') {
                const content = await part.toBuffer();
                if (part.fieldname === 'fichier') {
                  bytes = content;
                  fileName = part.filename || null;
                }
              } else {
                fields[part.fieldname] = String(part.value);
              }
            }
          } catch (error) {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new HttpProblem(413, 'Fichier trop volumineux', `Le fichier dépasse ${MAX_FILE_BYTES / 1024 / 1024} Mo.`, 'fichier');
            }
            throw problem.badRequest('Le formulaire envoyé est illisible.', 'fichier');
          }
          if (!bytes) throw problem.badRequest('Le champ « fichier » est obligatoire.', 'fichier');
          const parsed = importFields.safeParse(fields);
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            const champ = String(issue.path[0] ?? 'source');
            throw problem.badRequest(`${champ} : ${issue.message}`, champ);
          }
          const { source, format, complet, simulation } = parsed.data;
          const analysis = await analyseImport(
            new Uint8Array(bytes),
            { source, ...(format ? { format } : {}), ...(fileName ? { fileName } : {}), today: parisDate(ctx.clock()) },
            referential,
          );
          if (isFileError(analysis)) throw new HttpProblem(422, 'Fichier illisible', analysis.reason, 'fichier');
          const principal = request.principal!;
          const scope = managerScope(principal, ctx.contains);
          return applyImport(
            ctx.db,
            analysis,
            {
              source,
              full: complet === 'true',
              actor: actorOf(principal),
              fileName,
              changeSource: 'api',
              simulate: simulation === 'true',
              ...(scope ? { inScope: (c: string | null) => scope(c ? { kind: 'commune', code: c } : undefined) } : {}),
            },
            { ...deps, clock: ctx.clock },
          );
        },
      );

      const importAccessFilter = (principal: Principal) =>
        managerScope(principal, ctx.contains) === null ? undefined : principal.kind === 'user' ? principal.userId : principal.tokenId;

      app.get(
        '/api/v1/imports',
        {
          config: { access: managers() },
          schema: {
            tags: TAGS,
            summary: 'Imports récents',
            description: 'Les 100 derniers imports (un gestionnaire territorial ne voit que les siens).',
            response: { 200: z.object({ imports: z.array(importSummarySchema) }) },
          },
        },
        async (request) => {
          const actorId = importAccessFilter(request.principal!);
          const rows = await listImportRows(ctx.db, actorId === undefined ? {} : { actorId });
          return { imports: rows.map(importSummary) };
        },
      );

      app.get(
        '/api/v1/imports/:id',
        {
          config: { access: managers() },
          schema: {
            tags: TAGS,
            summary: 'Rapport d’un import',
            params: z.object({ id: z.uuid({ error: 'identifiant d’import invalide (UUID attendu).' }) }),
            response: { 200: importSummarySchema.extend({ rapport: reportSchema }) },
          },
        },
        async (request) => {
          const row = await findImportRow(ctx.db, request.params.id);
          const actorId = importAccessFilter(request.principal!);
          if (!row || (actorId !== undefined && row.actorId !== actorId)) {
            throw problem.notFound(`Aucun import ne porte l’identifiant ${request.params.id}.`, 'id');
          }
          return { ...importSummary(row), rapport: row.report as z.infer<typeof reportSchema> };
        },
      );

      app.get(
        '/api/v1/imports/:id/rejets.csv',
        {
          config: { access: managers() },
          schema: {
            tags: TAGS,
            summary: 'Lignes rejetées d’un import (CSV à corriger)',
            description:
              'Les lignes rejetées avec leurs colonnes d’origine et une colonne « motif_du_rejet » : corrigez-les dans un ' +
              'tableur puis importez le fichier à nouveau (la colonne du motif est ignorée).',
            params: z.object({ id: z.uuid({ error: 'identifiant d’import invalide (UUID attendu).' }) }),
          },
        },
        async (request, reply) => {
          const row = await findImportRow(ctx.db, request.params.id);
          const actorId = importAccessFilter(request.principal!);
          if (!row || (actorId !== undefined && row.actorId !== actorId)) {
            throw problem.notFound(`Aucun import ne porte l’identifiant ${request.params.id}.`, 'id');
          }
          const report = row.report as { rejects: Array<{ line: number; field: string; reason: string; raw?: Record<string, string> }> };
          const csv = rejectedRowsCsv(report.rejects.map((r) => ({ ...r, raw: r.raw ?? {} })));
          const name = `${parisDate(row.startedAt)}_rejets_${row.source}.csv`;
          reply.header('content-disposition', `attachment; filename="${name}"`);
          return reply.type('text/csv; charset=utf-8').send(csv);
        },
      );

      app.patch(
        '/api/v1/lieux/:id',
        {
          config: { access: managers(byLieu) },
          preValidation: lieuTarget,
          schema: {
            tags: TAGS,
            summary: 'Modifier un lieu',
            description:
              '`version` : la version lue (sinon 409 avec la version actuelle) ; `changes` : les champs du standard à ' +
              'modifier. La modification prime sur les imports plus anciens ; date_maj prend la date du jour.',
            params: idParams,
            body: z.object({
              version: z.number({ error: 'version attendue (nombre entier).' }).int(),
              changes: changesSchema,
            }),
            response: { 200: lieuViewSchema, 409: conflictSchema },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          const outcome = await editLieu(
            ctx.db,
            id,
            { version: request.body.version, changes: request.body.changes as Partial<Lieu> },
            actorOf(request.principal!),
            { ...deps, clock: ctx.clock, changeSource: 'api', mayPlaceIn: placementOf(request.principal, ctx.contains) },
          );
          return answerLieuWrite(request, reply, id, outcome, request.body.version);
        },
      );

      app.post(
        '/api/v1/lieux/:id/retablir',
        {
          config: { access: managers(byLieu) },
          preValidation: lieuTarget,
          schema: {
            tags: TAGS,
            summary: 'Rétablir une version d’un lieu',
            description: '`entree` : l’identifiant d’une entrée de l’historique du lieu ; le lieu reprend les données qu’il avait alors.',
            params: idParams,
            body: z.object({ entree: z.number({ error: "entree : identifiant d'entrée de l'historique attendu." }).int() }),
            response: { 200: lieuViewSchema },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          const outcome = await revertLieu(ctx.db, id, request.body.entree, actorOf(request.principal!), {
            ...deps,
            clock: ctx.clock,
            changeSource: 'api',
            mayPlaceIn: placementOf(request.principal, ctx.contains),
          });
          return answerLieuWrite(request, reply, id, outcome);
        },
      );

      app.put(
        '/api/v1/lieux/:id/statut',
        {
          config: { access: managers(byLieu) },
          preValidation: lieuTarget,
          schema: {
            tags: TAGS,
            summary: 'Changer le statut d’un lieu',
            description: 'ouvert ; ferme_temporairement (du, au : AAAA-MM-JJ, au peut être null) ; ferme_definitivement (depuis).',
            params: idParams,
            body: statusSchema,
            response: { 200: lieuViewSchema },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          const outcome = await setLieuStatus(ctx.db, id, request.body, actorOf(request.principal!), {
            clock: ctx.clock,
            changeSource: 'api',
          });
          return answerLieuWrite(request, reply, id, outcome);
        },
      );

      app.get(
        '/api/v1/doublons',
        {
          config: {
            access: managers((request) => {
              const dep = (request.query as { departement?: unknown }).departement;
              return typeof dep === 'string' ? { kind: 'departement', code: dep } : undefined;
            }),
          },
          schema: {
            tags: TAGS,
            summary: 'Doublons probables',
            description:
              'Paires trouvées par le dernier dédoublonnage (doublons et paires à examiner), avec le détail des critères. ' +
              'Un gestionnaire territorial doit préciser son département.',
            querystring: z.object({
              departement: code(
                DEPARTEMENT_CODE_PATTERN,
                'code de département invalide : 2 chiffres, 2A, 2B ou 3 chiffres pour l’outre-mer attendus (ex. 86).',
                'Code du département',
              ),
              verdict: z.enum(['duplicate', 'review'], { error: 'verdict : duplicate ou review attendu.' }).optional(),
            }),
            response: {
              200: z.object({
                paires: z.array(
                  z.object({
                    a: pairSideSchema,
                    b: pairSideSchema,
                    score: z.number(),
                    verdict: z.enum(['duplicate', 'review']),
                    explication: z.string(),
                    criteres: z.array(z.object({ feature: z.string(), score: z.number().nullable(), detail: z.string() })),
                  }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const pairs = await listPairs(ctx.db, { departement: request.query.departement, verdict: request.query.verdict });
          const side = (s: (typeof pairs)[number]['a']) => ({ cle: s.key, source: s.source, sourceId: s.sourceId, lieu: s.lieu });
          return {
            paires: pairs.map((p) => ({
              a: side(p.a),
              b: side(p.b),
              score: p.score,
              verdict: p.verdict,
              explication: p.explanation,
              criteres: p.features.map((f) => ({ feature: f.feature, score: f.score, detail: f.detail })),
            })),
          };
        },
      );

      app.post(
        '/api/v1/doublons/decisions',
        {
          config: { access: managers(byLieu) },
          preValidation: recordTarget,
          schema: {
            tags: TAGS,
            summary: 'Décider d’une paire',
            description:
              '`a`, `b` : clés `source:identifiant` de deux enregistrements ; `decision` : `same` (même lieu) ou ' +
              '`distinct`. La décision est conservée d’un import à l’autre ; le dédoublonnage est relancé.',
            body: z.object({
              a: z.string().min(3).max(300),
              b: z.string().min(3).max(300),
              decision: z.enum(['distinct', 'same'], { error: 'decision : same ou distinct attendu.' }),
            }),
            response: {
              200: z.object({
                a: z.string(),
                b: z.string(),
                decision: z.enum(['distinct', 'same']),
                departements: z.array(z.string().nullable()),
              }),
            },
          },
        },
        async (request) => {
          const { a, b, decision } = request.body;
          const principal = request.principal!;
          const scope = managerScope(principal, ctx.contains);
          if (scope && !scope(await locateRecord(ctx.db, b))) {
            throw problem.forbidden('L’enregistrement b est hors de votre territoire.');
          }
          const outcome = await decidePair(ctx.db, a, b, decision, actorOf(principal), {
            ...deps,
            clock: ctx.clock,
            changeSource: 'api',
          });
          if (outcome.kind === 'invalid') throw invalid(outcome.errors);
          if (outcome.kind === 'not-found') {
            throw problem.notFound(`Aucun enregistrement ne porte la clé ${outcome.key}.`, outcome.field);
          }
          return { a: outcome.a, b: outcome.b, decision: outcome.decision, departements: outcome.departements };
        },
      );
    },
  };
}

const importFields = z.object({
  source: z
    .string({ error: 'obligatoire : le nom de la source (ex. conseiller-numerique).' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
      error: 'nom de source invalide : lettres, chiffres, « - », « _ » ou « . », 100 caractères au plus.',
    })
    .refine((s) => s !== 'edition', { error: '« edition » est réservé aux modifications faites dans Maillage.' }),
  format: z.enum(IMPORT_FORMATS, { error: `format inconnu : ${IMPORT_FORMATS.join(', ')}.` }).optional(),
  complet: z.enum(['true', 'false'], { error: 'complet vaut true ou false.' }).default('true'),
  simulation: z.enum(['true', 'false'], { error: 'simulation vaut true ou false.' }).default('false'),
});

function importSummary(row: Awaited<ReturnType<typeof listImportRows>>[number]) {
  return {
    id: row.id,
    source: row.source,
    format: row.format,
    fichier: row.fileName,
    complet: row.full,
    date: row.startedAt.toISOString(),
    acteur: { type: row.actorKind, id: row.actorId },
    total: row.total,
    acceptes: row.accepted,
    rejetes: row.rejected,
    crees: row.created,
    modifies: row.updated,
    inchanges: row.unchanged,
    absents: row.absent,
  };
}

/** The HTTP answer to a lieu write: the lieu, 404, 400 with the fields at fault, or 409 with the current version. */
export function answerLieuWrite(request: FastifyRequest, reply: FastifyReply, id: string, outcome: LieuWriteOutcome, sentVersion?: number) {
  switch (outcome.kind) {
    case 'ok':
      return lieuView(id, outcome);
    case 'not-found':
      throw problem.notFound(`Aucun lieu ne porte l’identifiant ${id}.`, 'id');
    case 'invalid':
      throw invalid(outcome.errors);
    case 'outside-territory':
      throw problem.forbidden(
        `code_insee : la commune ${outcome.codeInsee ?? '(aucune)'} est hors de votre territoire. Un gestionnaire de ce territoire peut y déplacer le lieu.`,
        'code_insee',
      );
    case 'conflict':
      return reply
        .code(409)
        .type('application/problem+json; charset=utf-8')
        .send({
          type: 'about:blank',
          title: 'Conflit',
          status: 409 as const,
          detail: `Le lieu a été modifié entre-temps (version ${outcome.currentVersion}, vous aviez la version ${sentVersion ?? '?'}) : rechargez-le et refaites votre modification.`,
          instance: request.url.split('?')[0] ?? request.url,
          champ: 'version' as const,
          versionEnvoyee: sentVersion ?? -1,
          versionActuelle: outcome.currentVersion,
          lieuActuel: outcome.current,
        });
  }
}
