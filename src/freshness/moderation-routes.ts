/**
 * HTTP API of the moderation queue of error reports ("Signaler une erreur"): the gestionnaires of a territory (and
 * admins) list its reports and fix, forward or reject each one.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MANAGERS, statusSchema } from '../lieux';
import { REPORT_CATEGORIES, REPORT_STATUSES, type ReportStatus } from '../orientation';
import { actorOf } from '../platform/audit';
import type { TerritoryRef } from '../platform/auth/principal';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { HttpProblem, problem } from '../platform/http/problem';
import { atMostOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields, type Referential } from '../territory';
import type { ModerationAction } from './domain/moderation';
import {
  countByStatus,
  DEFAULT_QUEUE_LIMIT,
  listModeration,
  locateReport,
  moderateReport,
  type ModerationReport,
  type ReporterNotice,
} from './moderation';
import { replyToOf } from './service';

const TAGS = ['signalements'];
const STATUS_ERROR = `statut inconnu : valeurs attendues ${REPORT_STATUSES.join(', ')}.`;

const reportSchema = z.object({
  id: z.string(),
  lieuId: z.string(),
  lieuNom: z.string().nullable(),
  categorie: z.enum(REPORT_CATEGORIES),
  message: z.string(),
  courriel: z.string().nullable().describe('Laissé par la personne pour être informée de la suite'),
  statut: z.enum(REPORT_STATUSES),
  departement: z.string().nullable(),
  codeInsee: z.string().nullable(),
  creeLe: z.string(),
  traiteLe: z.string().nullable().describe('Marqué comme corrigé ou rejeté'),
  traitePar: z
    .enum(['gestionnaire', 'structure'])
    .nullable()
    .describe('structure : clos quand la structure, à qui il avait été transmis, a enregistré son lieu'),
  note: z.string().nullable().describe('Le mot du gestionnaire, envoyé à la personne qui a signalé'),
  transmisLe: z.string().nullable(),
  personneInformeeLe: z.string().nullable(),
  simule: z.boolean().describe('Généré pour l’année simulée de la démonstration : jamais transmis à une structure'),
  lieu: z
    .object({
      nom: z.string(),
      commune: z.string(),
      statut: statusSchema,
      champs: z.array(z.object({ champ: z.string(), valeur: z.unknown() })).describe('Les champs du standard concernés par la catégorie, tels qu’ils sont'),
      semaine: z.array(z.object({ jour: z.string(), creneaux: z.string() })).nullable().describe('Les horaires de la semaine en mots (heure de Paris)'),
    })
    .nullable()
    .describe('Le lieu tel qu’il est maintenant ; null s’il a quitté le registre'),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const itemOf = (r: ModerationReport): z.infer<typeof reportSchema> => ({
  id: r.id,
  lieuId: r.lieuId,
  lieuNom: r.lieu?.nom ?? null,
  categorie: r.category,
  message: r.message,
  courriel: r.reporterEmail,
  statut: r.status,
  departement: r.departement,
  codeInsee: r.codeInsee,
  creeLe: r.createdAt.toISOString(),
  traiteLe: iso(r.resolvedAt),
  traitePar: r.resolvedAt ? (r.resolvedByStructure ? 'structure' : 'gestionnaire') : null,
  note: r.note,
  transmisLe: iso(r.forwardedAt),
  personneInformeeLe: iso(r.reporterNotifiedAt),
  simule: r.simulated,
  lieu: r.lieu,
});

const listQuery = (referential: Referential) =>
  z
    .object({
      ...territoryFields(referential),
      statut: z
        .preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(z.enum(REPORT_STATUSES, { error: STATUS_ERROR })).optional())
        .describe('Un ou plusieurs statuts (paramètre répété) ; tous sans ce paramètre'),
    })
    .refine(atMostOneTerritory, ONE_TERRITORY_MESSAGE);

const NOTICES: Record<ReporterNotice, string> = {
  informee: ' La personne qui l’a fait en est informée par courriel.',
  'sans-courriel': ' La personne qui l’a fait n’a pas laissé d’adresse : elle ne sera pas informée.',
  echec: ' Le courriel à la personne qui l’a fait n’a pas pu partir : elle n’est pas informée.',
  'sans-objet': '',
};

const DONE: Record<ModerationAction, (sentTo?: string) => string> = {
  corriger: () => 'Signalement marqué comme corrigé.',
  rejeter: () => 'Signalement rejeté.',
  transmettre: (to) => `Signalement transmis à la structure (${to}) avec un lien pour corriger son lieu, valable 30 jours.`,
};

const ACTIONS: Array<{ action: ModerationAction; summary: string; description: string }> = [
  {
    action: 'corriger',
    summary: 'Marquer un signalement comme corrigé',
    description: 'Le lieu a été corrigé (par le formulaire de modification du lieu). Note facultative, envoyée à la personne qui a signalé si elle a laissé son adresse.',
  },
  {
    action: 'transmettre',
    summary: 'Transmettre un signalement à la structure du lieu',
    description:
      'Envoie le signalement au premier courriel du lieu, avec un lien valable 30 jours qui n’ouvre que ce lieu. 400 (champ `courriels`) si le lieu n’a pas d’adresse. ' +
      'Un signalement transmis peut ensuite être marqué comme corrigé ou rejeté.',
  },
  {
    action: 'rejeter',
    summary: 'Rejeter un signalement',
    description: 'Note obligatoire : elle explique à la personne qui a signalé (si elle a laissé son adresse) pourquoi rien ne change.',
  },
];

export const moderationModule = (referential: Referential): AppModule => ({
  name: 'freshness-moderation',
  routes: async (app, { ctx }) => {
    const targets = new WeakMap<FastifyRequest, TerritoryRef | undefined>();

    app.get(
      '/api/v1/signalements',
      {
        config: {
          access: access.roles(MANAGERS, {
            territory: (request) => selectedTerritory(request.query),
          }),
        },
        schema: {
          tags: TAGS,
          summary: 'Signalements d’erreur d’un territoire',
          description:
            'Pour les gestionnaires du territoire (département, EPCI ou commune) et les administrateurs (sans territoire : tout le pays). ' +
            `Les plus récents d’abord (${DEFAULT_QUEUE_LIMIT} au plus), chacun avec le lieu tel qu’il est maintenant ; \`compteParStatut\` compte tous ` +
            'les signalements du territoire, quel que soit le filtre de statut.',
          querystring: listQuery(referential),
          response: {
            200: z.object({ signalements: z.array(reportSchema), compteParStatut: z.record(z.enum(REPORT_STATUSES), z.number().int()) }),
          },
        },
      },
      async (request) => {
        const territory = selectedTerritory(request.query) ?? null;
        const statuses: ReportStatus[] | undefined = request.query.statut;
        const now = ctx.clock();
        const [rows, counts] = await Promise.all([
          listModeration(ctx.db, { territory, ...(statuses ? { statuses } : {}) }, now),
          countByStatus(ctx.db, territory),
        ]);
        return { signalements: rows.map(itemOf), compteParStatut: counts };
      },
    );

    for (const { action, summary, description } of ACTIONS) {
      app.post(
        `/api/v1/signalements/:id/${action}`,
        {
          config: { access: access.roles(MANAGERS, { territory: (request) => targets.get(request) }) },
          preValidation: async (request: FastifyRequest) => {
            const id = (request.params as { id?: unknown }).id;
            targets.set(request, typeof id === 'string' && z.uuid().safeParse(id).success ? await locateReport(ctx.db, id) : undefined);
          },
          schema: {
            tags: TAGS,
            summary,
            description,
            params: z.object({ id: z.uuid({ error: 'identifiant de signalement invalide.' }) }),
            body: z
              .object({
                note: z.string({ error: 'note : texte attendu.' }).max(2000, { error: 'la note ne doit pas dépasser 2 000 caractères.' }).nullish(),
              })
              .optional(),
            response: {
              200: z.object({
                signalement: reportSchema,
                personne: z.enum(['informee', 'sans-courriel', 'echec', 'sans-objet']).describe('Ce qu’il advient de la personne qui a signalé'),
                message: z.string(),
              }),
            },
          },
        },
        async (request) => {
          const outcome = await moderateReport(ctx.db, request.params.id, action, { note: request.body?.note ?? null }, actorOf(request.principal!), {
            mailer: ctx.mailer,
            publicUrl: ctx.config.publicUrl,
            clock: ctx.clock,
            ...replyToOf(request.principal),
          });
          if (outcome.kind === 'not_found') throw problem.notFound('Aucun signalement ne porte cet identifiant.', 'id');
          if (outcome.kind === 'refused') throw new HttpProblem(outcome.status, outcome.status === 409 ? 'Conflit' : 'Requête invalide', outcome.message, outcome.champ);
          if (outcome.kind === 'mail_failed') throw new HttpProblem(502, 'Envoi impossible', outcome.message);
          if (outcome.reporter === 'echec') request.log.warn({ reportId: request.params.id }, 'reporter outcome e-mail failed');
          return { signalement: itemOf(outcome.report), personne: outcome.reporter, message: DONE[action](outcome.sentTo) + NOTICES[outcome.reporter] };
        },
      );
    }
  },
});
