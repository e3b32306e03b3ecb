/**
 * HTTP API of import conflicts: the values a re-import brought for fields people changed, listed for the gestionnaires
 * of the lieu's territory (admins everywhere), who keep people's value or take the incoming one.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../platform/audit';
import type { TerritoryRef } from '../platform/auth/principal';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { problem } from '../platform/http/problem';
import { atMostOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields, type Referential } from '../territory';
import { FIELD_CONFLICT_STATUSES } from './schema';
import { answerLieuWrite, LIEUX_TOKEN_SCOPE, locateLieu, MANAGERS, placementOf } from './routes';
import { conflictLieuId, decideConflict, listConflicts, type ConflictView } from './service/conflicts';

const TAGS = ['lieux'];

export interface ConflictsModuleOptions {
  /** An OSM opening_hours value as French lines ("Du lundi au vendredi : 9 h – 12 h"); the raw value when unreadable. */
  hoursInWords: (value: string) => string[];
}

const actorSchema = z.object({ type: z.string(), id: z.string().nullable() });
const conflictSchema = z.object({
  id: z.string(),
  statut: z.enum(FIELD_CONFLICT_STATUSES),
  lieu: z.object({ id: z.string(), nom: z.string(), commune: z.string() }),
  champ: z.string().describe('Champ du standard'),
  libelle: z.string().describe('Nom du champ en français'),
  gardee: z.object({
    valeur: z.unknown().describe('La valeur que des personnes ont saisie, gardée sur le lieu'),
    enMots: z.array(z.string()).nullable().describe('Horaires : la semaine en toutes lettres'),
    modifieeLe: z.string().nullable(),
    modifieePar: actorSchema.nullable().describe('invitation : la structure par son lien ; user : un compte Maillage'),
  }),
  proposee: z.object({
    valeur: z.unknown().describe('La valeur apportée par l’import'),
    enMots: z.array(z.string()).nullable(),
    source: z.string(),
    sourceId: z.string(),
    importId: z.string().nullable(),
    importeeLe: z.string(),
  }),
  decideeLe: z.string().nullable(),
  decideePar: z.string().nullable(),
});

export function conflictsModule(referential: Referential, options: ConflictsModuleOptions): AppModule {
  const targets = new WeakMap<FastifyRequest, TerritoryRef | undefined>();

  const words = (field: string, value: unknown): string[] | null => {
    if (field !== 'horaires' || typeof value !== 'string' || value.trim() === '') return null;
    const lines = options.hoursInWords(value);
    return lines.length === 1 && lines[0] === value.trim() ? null : lines;
  };
  const view = (c: ConflictView) => ({
    id: c.id,
    statut: c.status,
    lieu: c.lieu,
    champ: c.field,
    libelle: c.label,
    gardee: {
      valeur: c.kept,
      enMots: words(c.field, c.kept),
      modifieeLe: c.editedAt?.toISOString() ?? null,
      modifieePar: c.editedBy ? { type: c.editedBy.kind, id: 'id' in c.editedBy ? c.editedBy.id : null } : null,
    },
    proposee: {
      valeur: c.incoming,
      enMots: words(c.field, c.incoming),
      source: c.source,
      sourceId: c.sourceId,
      importId: c.importId,
      importeeLe: c.detectedAt.toISOString(),
    },
    decideeLe: c.resolvedAt?.toISOString() ?? null,
    decideePar: c.resolvedBy,
  });

  return {
    name: 'lieux-conflits',
    routes: async (app, { ctx }) => {
      app.get(
        '/api/v1/conflits',
        {
          config: {
            access: access.roles(MANAGERS, {
              territory: (request) => selectedTerritory(request.query),
              tokenScope: LIEUX_TOKEN_SCOPE,
            }),
          },
          schema: {
            tags: TAGS,
            summary: 'Conflits d’import à examiner',
            description:
              'Les valeurs qu’un import a apportées pour des champs modifiés dans Maillage (par la structure ou un ' +
              'gestionnaire) : le lieu garde la valeur saisie en attendant une décision. Un gestionnaire territorial ' +
              'précise son territoire (departement, epci ou commune). `statut` : ouvert (par défaut), garde ou remplace.',
            querystring: z
              .object({
                ...territoryFields(referential),
                statut: z
                  .enum(FIELD_CONFLICT_STATUSES, { error: 'statut : ouvert, garde ou remplace attendu.' })
                  .default('ouvert')
                  .describe('ouvert : à décider ; garde : valeur saisie gardée ; remplace : valeur importée reprise'),
              })
              .refine(atMostOneTerritory, ONE_TERRITORY_MESSAGE),
            response: { 200: z.object({ conflits: z.array(conflictSchema) }) },
          },
        },
        async (request) => {
          return { conflits: (await listConflicts(ctx.db, request.query)).map(view) };
        },
      );

      app.post(
        '/api/v1/conflits/:id/decision',
        {
          config: { access: access.roles(MANAGERS, { territory: (request) => targets.get(request), tokenScope: LIEUX_TOKEN_SCOPE }) },
          preValidation: async (request: FastifyRequest) => {
            const id = (request.params as { id?: unknown }).id;
            const lieuId = typeof id === 'string' && z.uuid().safeParse(id).success ? await conflictLieuId(ctx.db, id) : undefined;
            targets.set(request, lieuId ? await locateLieu(ctx.db, lieuId) : undefined);
          },
          schema: {
            tags: TAGS,
            summary: 'Décider d’un conflit d’import',
            description:
              '`garder` : le lieu garde la valeur saisie dans Maillage, et cette même valeur importée ne sera plus ' +
              'proposée. `remplacer` : la valeur importée devient celle du lieu, comme une modification par un ' +
              'gestionnaire (validée, nouvelle version, historique). Une adresse ou une position se décide en entier. ' +
              '409 si le conflit est déjà décidé ou n’est plus d’actualité.',
            params: z.object({ id: z.uuid({ error: 'identifiant de conflit invalide (UUID attendu).' }) }),
            body: z.object({
              decision: z.enum(['garder', 'remplacer'], { error: 'decision : « garder » ou « remplacer » attendu.' }),
            }),
            response: {
              200: z.object({
                statut: z.enum(FIELD_CONFLICT_STATUSES),
                decides: z.array(z.string()).describe('Les conflits décidés (plusieurs pour une adresse ou une position)'),
                champs: z.array(z.string()),
                lieu: z.object({ id: z.string(), version: z.number().int() }),
              }),
            },
          },
        },
        async (request, reply) => {
          const outcome = await decideConflict(ctx.db, request.params.id, request.body.decision, actorOf(request.principal!), {
            referential,
            clock: ctx.clock,
            changeSource: 'api',
            mayPlaceIn: placementOf(request.principal, ctx.contains),
          });
          switch (outcome.kind) {
            case 'ok':
              return { statut: outcome.status, decides: outcome.decided, champs: outcome.fields, lieu: { id: outcome.lieuId, version: outcome.version } };
            case 'not-found':
              throw problem.notFound(`Aucun conflit ne porte l’identifiant ${request.params.id}.`, 'id');
            case 'already-decided':
              throw problem.conflict(
                `Ce conflit a déjà été décidé : ${outcome.status === 'garde' ? 'la valeur saisie a été gardée' : 'la valeur importée a été reprise'}.`,
                'decision',
              );
            case 'outdated':
              throw problem.conflict(
                'Ce conflit n’est plus d’actualité : la source ou le lieu a changé depuis. Rechargez la liste.',
                'decision',
              );
            case 'edit-failed':
              // The registry's own answer to a refused edit: 400 naming the fields, 404, or 409 with the current version.
              answerLieuWrite(request, reply, outcome.lieuId, outcome.outcome);
              return reply;
          }
        },
      );
    },
  };
}
