/**
 * HTTP API of the reliability dashboard (fiche action 1-C): a territory's figures with their targets and month-by-month
 * evolution, the lieux behind any figure, and the same as an Excel workbook. Administrators everywhere; gestionnaires
 * and coordinateurs within their territory.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parisDate } from '../orientation';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { problem } from '../platform/http/problem';
import { exactlyOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields, territoryName, type Referential, type SelectedTerritory } from '../territory';
import { CONSULTATION_FLUSH_MS, type ConsultationCounter } from './consultations';
import { CONFIRMED_WITHIN_MONTHS, STRUCTURE_WITHIN_MONTHS } from '../lieux';
import {
  confirmedFigure,
  consultationsOf,
  consultationTotals,
  idsBehind,
  INDICATORS,
  isMonthly,
  lastYear,
  lieuxOf,
  MONTHLY_INDICATORS,
  structureFigure,
  type Indicator,
  type LieuFacts,
  type Period,
  type Reliability,
} from './domain/reliability';
import { reliabilityOf } from './reliability';
import { reliabilityWorkbook, workbookName } from './reliability-xlsx';

const TAGS = ['fiabilité'];
/** Who reads the dashboard: administrators, and the territory's gestionnaires and coordinateurs. */
const DASHBOARD_READERS = ['admin', 'gestionnaire', 'coordinateur'] as const;

const figureSchema = z.object({
  nombre: z.number().int(),
  total: z.number().int(),
  part: z.number().nullable().describe('nombre / total (0 à 1) ; null quand aucun lieu n’est compté'),
  cible: z.number().describe('Objectif de la fiche action 1-C (0 à 1)'),
  atteinte: z.boolean().nullable(),
  mois: z.number().int().describe('Fenêtre de la mesure, en mois'),
});
const lieuSchema = z.object({
  id: z.string(),
  nom: z.string(),
  commune: z.string(),
  codeInsee: z.string().nullable(),
  derniereConfirmation: z.string().nullable().describe('Dernière confirmation ou modification (structure ou gestionnaire)'),
  miseAJourStructure: z.string().nullable().describe('Dernière confirmation ou modification par la structure elle-même'),
  enregistreLe: z.string().describe('Entrée du lieu dans le registre'),
  pages: z.number().int().describe('Vues de la fiche publique pendant la période'),
  resultats: z.number().int().describe('Apparitions dans les résultats d’orientation pendant la période'),
});
const territorySchema = z.object({ niveau: z.enum(['departement', 'epci', 'commune']), code: z.string(), nom: z.string() });
const dashboardSchema = z.object({
  territoire: territorySchema,
  calculeLe: z.string(),
  periode: z.object({ du: z.string(), au: z.string() }).describe('Période des consultations et des signalements traités'),
  simule: z.boolean().describe('Des données générées (l’année simulée de la démonstration) entrent dans ces chiffres'),
  indicateurs: z.object({
    lieux: z.number().int().describe('Lieux comptés : ouverts ou fermés temporairement'),
    confirmes: figureSchema,
    structure: figureSchema,
    aVerifier: z.number().int(),
    signalements: z.object({
      ouverts: z.number().int(),
      lieuxAvecSignalementOuvert: z.number().int(),
      resolus: z.number().int(),
      delaiMedianHeures: z.number().nullable(),
    }),
    consultations: z.object({ pages: z.number().int(), resultats: z.number().int(), lieuxConsultes: z.number().int() }),
  }),
  evolution: z.array(
    z.object({
      mois: z.string(),
      date: z.string().describe('Instant de la mesure : fin du mois, ou maintenant pour le mois en cours'),
      lieux: z.number().int(),
      confirmes: z.number().int(),
      structure: z.number().int(),
      partConfirmes: z.number().nullable(),
      partStructure: z.number().nullable(),
    }),
  ),
  aVerifier: z.array(lieuSchema),
  consultations: z.array(lieuSchema),
});

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function reliabilityModule(referential: Referential, consultations?: ConsultationCounter): AppModule {
  const territoryShape = {
    ...territoryFields(referential),
    du: z.iso.date({ error: 'date de début attendue au format AAAA-MM-JJ (ex. 2026-01-01).' }).optional().describe('Début de la période (par défaut : il y a un an)'),
    au: z.iso.date({ error: 'date de fin attendue au format AAAA-MM-JJ (ex. 2026-12-31).' }).optional().describe('Fin de la période, incluse (par défaut : aujourd’hui)'),
  };
  type TerritoryQuery = z.infer<z.ZodObject<typeof territoryShape>>;
  /** Exactly one territory; a period in order. */
  const checked = <T extends z.ZodObject<typeof territoryShape>>(schema: T) =>
    schema
      .refine(exactlyOneTerritory, ONE_TERRITORY_MESSAGE)
      .refine((q) => !q.du || !q.au || q.du <= q.au, { error: 'la date de début doit précéder la date de fin.', path: ['du'] });
  const territoryQuery = checked(z.object(territoryShape));

  const policy = access.roles(DASHBOARD_READERS, { territory: (request: FastifyRequest) => selectedTerritory(request.query) });
  const periodOf = (q: TerritoryQuery, now: Date): Period => {
    const au = q.au ?? parisDate(now);
    if (q.du && q.du > au) throw problem.badRequest(`du : la période commence après sa fin (${au}).`, 'du');
    return { du: q.du ?? lastYear(au).du, au };
  };
  const described = (t: SelectedTerritory) => ({ niveau: t.kind, code: t.code, nom: territoryName(referential, t) ?? t.code });

  const lieuView = (r: Reliability, l: LieuFacts) => ({
    id: l.id,
    nom: l.nom,
    commune: l.commune,
    codeInsee: l.codeInsee,
    derniereConfirmation: l.confirmedAt?.toISOString() ?? null,
    miseAJourStructure: l.structureUpdatedAt?.toISOString() ?? null,
    enregistreLe: l.createdAt.toISOString(),
    ...consultationsOf(r, l.id),
  });

  return {
    name: 'reliability',
    routes: async (app, { ctx }) => {
      if (consultations) {
        const flush = () => consultations.flush(ctx.db).catch((error: unknown) => app.log.error({ err: error }, 'consultation counts not written'));
        const timer = setInterval(() => void flush(), CONSULTATION_FLUSH_MS);
        timer.unref();
        app.addHook('onClose', async () => {
          clearInterval(timer);
          await consultations.flush(ctx.db);
        });
      }

      /** The figures of the territory asked for, with today's consultations counted so far. */
      const load = async (q: TerritoryQuery) => {
        await consultations?.flush(ctx.db);
        const territory = selectedTerritory(q)!;
        const now = ctx.clock();
        return { territory, reliability: await reliabilityOf(ctx.db, territory, { now, period: periodOf(q, now) }) };
      };

      app.get(
        '/api/v1/fiabilite',
        {
          config: { access: policy },
          schema: {
            tags: TAGS,
            summary: 'Fiabilité de la carte d’un territoire',
            description:
              `Part des lieux confirmés depuis moins de ${CONFIRMED_WITHIN_MONTHS} mois (objectif 95 %) et part des lieux mis à ` +
              `jour par leur structure depuis moins de ${STRUCTURE_WITHIN_MONTHS} mois (objectif 50 %), maintenant et à la fin ` +
              'de chacun des 12 derniers mois ; signalements en attente et délai médian de traitement ; consultations par lieu ' +
              '(vues de la fiche publique, apparitions dans les résultats), comptées sans cookie ni donnée personnelle ; lieux ' +
              'à vérifier. Les lieux comptés sont ouverts ou fermés temporairement. Les lieux derrière chaque chiffre : ' +
              '/api/v1/fiabilite/lieux.',
            querystring: territoryQuery,
            response: { 200: dashboardSchema },
          },
        },
        async (request) => {
          const { territory, reliability: r } = await load(request.query);
          const totals = consultationTotals(r);
          const consulted = idsBehind(r, 'consultes');
          return {
            territoire: described(territory),
            calculeLe: r.facts.now.toISOString(),
            periode: r.facts.period,
            simule: r.facts.simulated,
            indicateurs: {
              lieux: r.current.lieux.length,
              confirmes: { ...confirmedFigure(r.current), mois: CONFIRMED_WITHIN_MONTHS },
              structure: { ...structureFigure(r.current), mois: STRUCTURE_WITHIN_MONTHS },
              aVerifier: r.stale.length,
              signalements: {
                ouverts: r.facts.reports.open.count,
                lieuxAvecSignalementOuvert: r.facts.reports.open.lieuIds.length,
                resolus: r.facts.reports.resolved.count,
                delaiMedianHeures: r.facts.reports.medianHoursToResolve,
              },
              consultations: { ...totals, lieuxConsultes: consulted.length },
            },
            evolution: r.months.map((m) => ({
              mois: m.mois,
              date: m.at.toISOString(),
              lieux: m.lieux.length,
              confirmes: m.confirmes.length,
              structure: m.structure.length,
              partConfirmes: confirmedFigure(m).part,
              partStructure: structureFigure(m).part,
            })),
            aVerifier: r.stale.map((l) => lieuView(r, l)),
            consultations: lieuxOf(r, consulted).map((l) => lieuView(r, l)),
          };
        },
      );

      const indicators = Object.keys(INDICATORS) as Indicator[];
      app.get(
        '/api/v1/fiabilite/lieux',
        {
          config: { access: policy },
          schema: {
            tags: TAGS,
            summary: 'Les lieux derrière un chiffre du tableau de bord',
            description:
              'Exactement les lieux comptés par l’indicateur (maintenant, ou à la fin d’un des 12 derniers mois avec `mois` ' +
              `pour ${MONTHLY_INDICATORS.join(', ')}). Indicateurs : ${indicators.map((i) => `\`${i}\` (${INDICATORS[i]})`).join(', ')}.`,
            querystring: checked(
              z.object({
                ...territoryShape,
                indicateur: z.enum(indicators as [Indicator, ...Indicator[]], { error: `indicateur attendu parmi : ${indicators.join(', ')}.` }),
                mois: z.string().regex(MONTH_PATTERN, { error: 'mois attendu au format AAAA-MM (ex. 2026-03).' }).optional().describe('Un des 12 derniers mois'),
              }),
            ),
            response: {
              200: z.object({
                territoire: territorySchema,
                indicateur: z.string(),
                libelle: z.string(),
                mois: z.string().nullable(),
                nombre: z.number().int(),
                lieux: z.array(lieuSchema),
              }),
            },
          },
        },
        async (request) => {
          const { indicateur, mois, ...q } = request.query;
          const { territory, reliability: r } = await load(q);
          let snapshot = r.current;
          if (mois !== undefined) {
            if (!isMonthly(indicateur)) {
              throw problem.badRequest(`mois : l’indicateur « ${indicateur} » n’existe que pour aujourd’hui (mois possible pour ${MONTHLY_INDICATORS.join(', ')}).`, 'mois');
            }
            const month = r.months.find((m) => m.mois === mois);
            if (!month) {
              throw problem.badRequest(`mois : choisissez l’un des 12 derniers mois (de ${r.months[0]!.mois} à ${r.months.at(-1)!.mois}).`, 'mois');
            }
            snapshot = month;
          }
          const ids = idsBehind(r, indicateur, snapshot);
          return {
            territoire: described(territory),
            indicateur,
            libelle: INDICATORS[indicateur],
            mois: mois ?? null,
            nombre: ids.length,
            lieux: lieuxOf(r, ids).map((l) => lieuView(r, l)),
          };
        },
      );

      app.get(
        '/api/v1/fiabilite.xlsx',
        {
          config: { access: policy },
          schema: {
            tags: TAGS,
            summary: 'Tableau de bord de fiabilité au format Excel',
            description:
              'Un classeur : les indicateurs et leurs objectifs, l’évolution mois par mois, une feuille par mois (les lieux ' +
              'comptés à la fin du mois), les lieux à vérifier, les consultations par lieu. Codes INSEE en texte.',
            querystring: territoryQuery,
          },
        },
        async (request, reply) => {
          const { territory, reliability: r } = await load(request.query);
          const workbook = await reliabilityWorkbook(r, described(territory));
          return reply
            .header('content-disposition', `attachment; filename="${workbookName(territory, r.facts.now)}"`)
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .send(workbook);
        },
      );
    },
  };
}
