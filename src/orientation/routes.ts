/**
 * HTTP API of the orientation engine (public): which lieux answer a need near a commune or a point, ranked by estimated
 * travel time; and the count alone, for the finder's step counts.
 */
import { z } from 'zod';
import {
  FRAIS_VALUES,
  MODALITE_ACCES_VALUES,
  PRISE_EN_CHARGE_VALUES,
  PUBLIC_VALUES,
  SERVICES,
} from '../lieux/domain';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { problem } from '../platform/http/problem';
import { COMMUNE_CODE_PATTERN, type Referential } from '../territory';
import { getLieu } from '../lieux';
import { weekSchedule, type OrientationQuery } from './domain';
import type { OrientationIndex } from './refresh';
// Type only: the counter is given by modules.ts (no runtime import of the freshness module, which imports this one).
import type { ConsultationCounter } from '../freshness';

const TAGS = ['orientation'];
const PUBLIC = { access: access.public };
export const DEFAULT_RADIUS_KM = 30;
export const MIN_RADIUS_KM = 1;
export const MAX_RADIUS_KM = 100;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const quoted = (values: Iterable<string>) => [...values].map((v) => `« ${v} »`).join(', ');

/** A repeatable parameter whose every value must belong to a vocabulary (the error names the parameter). */
function repeatedValues(values: Iterable<string>, what: string, description: string) {
  const allowed = new Set(values);
  return z
    .preprocess(
      (v) => (v === undefined || Array.isArray(v) ? v : [v]),
      z.array(z.string()).superRefine((asked, ctx) => {
        const unknown = asked.find((v) => !allowed.has(v));
        if (unknown !== undefined) {
          ctx.addIssue({ code: 'custom', message: `${what} inconnu « ${unknown} » : valeurs attendues ${quoted(allowed)}.` });
        }
      }),
    )
    .optional()
    .describe(description);
}

const number = (message: string, min: number, max: number) =>
  z.coerce.number({ error: message }).refine(Number.isFinite, { error: message }).pipe(z.number().min(min, { error: message }).max(max, { error: message }));

const RADIUS_MESSAGE = `le rayon doit être un nombre de kilomètres entre ${MIN_RADIUS_KM} et ${MAX_RADIUS_KM}.`;
const LIMIT_MESSAGE = `la limite doit être un nombre entier entre 1 et ${MAX_LIMIT}.`;
const DATE_MESSAGE = 'date et heure ISO 8601 avec fuseau attendues (ex. 2026-12-01T10:00:00+01:00 ou 2026-12-01T09:00:00Z).';

const filters = {
  commune: z
    .string()
    .regex(COMMUNE_CODE_PATTERN, {
      error: 'code commune INSEE invalide : 5 caractères attendus, des chiffres ou 2A/2B suivis de 3 chiffres (ex. 86194).',
    })
    .optional()
    .describe('Code INSEE de la commune de départ (son point de référence sert à mesurer les distances)'),
  lat: number('la latitude doit être un nombre entre -90 et 90.', -90, 90).optional().describe('Latitude du point de départ (WGS 84)'),
  lon: number('la longitude doit être un nombre entre -180 et 180.', -180, 180).optional().describe('Longitude du point de départ (WGS 84)'),
  services: repeatedValues(
    SERVICES.map((s) => s.value),
    'service',
    'Services du standard (paramètre répétable) : un lieu qui propose au moins l’un d’eux',
  ),
  ouvert_a: z.iso
    .datetime({ offset: true, error: DATE_MESSAGE })
    .optional()
    .describe('Seulement les lieux ouverts à cet instant (ISO 8601 avec fuseau) ; horaires évalués à l’heure de Paris, jours fériés compris'),
  rayon_km: number(RADIUS_MESSAGE, MIN_RADIUS_KM, MAX_RADIUS_KM)
    .default(DEFAULT_RADIUS_KM)
    .describe(`Rayon de recherche à vol d’oiseau, en km (${MIN_RADIUS_KM} à ${MAX_RADIUS_KM}, ${DEFAULT_RADIUS_KM} par défaut)`),
  publics: repeatedValues(PUBLIC_VALUES, 'public', 'Publics spécifiquement adressés (répétable) : le lieu doit les accueillir tous'),
  prise_en_charge: repeatedValues(
    PRISE_EN_CHARGE_VALUES,
    'prise en charge',
    'Prises en charge spécifiques (répétable) : le lieu doit les proposer toutes',
  ),
  modalites_acces: repeatedValues(MODALITE_ACCES_VALUES, 'modalité d’accès', 'Modalités d’accès (répétable) : le lieu doit les proposer toutes'),
  frais: repeatedValues(FRAIS_VALUES, 'frais', 'Frais acceptés (répétable) : un lieu dont les frais sont l’un d’eux'),
};

const searchQuery = z.object({
  ...filters,
  limite: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int({ error: LIMIT_MESSAGE })
    .min(1, { error: LIMIT_MESSAGE })
    .max(MAX_LIMIT, { error: LIMIT_MESSAGE })
    .default(DEFAULT_LIMIT)
    .describe(`Nombre de lieux détaillés (1 à ${MAX_LIMIT}, ${DEFAULT_LIMIT} par défaut)`),
});
const countQuery = z.object(filters);

const hitSchema = z.object({
  id: z.string(),
  nom: z.string(),
  adresse: z.string(),
  code_insee: z.string().nullable(),
  commune: z.string(),
  distance_km: z.number().describe('Distance à vol d’oiseau, km'),
  duree_estimee_min: z.number().int().describe('Temps de trajet estimé en voiture, minutes (docs/temps-de-trajet.md)'),
  ouvert: z.boolean().nullable().describe('Ouvert à l’instant demandé (ou maintenant) ; null si les horaires sont inconnus'),
  prochaine_ouverture: z.string().nullable().describe('En toutes lettres : « Ouvert jusqu’à 12 h », « Ouvre mardi à 9 h »'),
  services: z.array(z.string()),
  itinerance: z.array(z.string()),
  modalites_acces: z.array(z.string()).describe('Modalités d’accès du standard (se présenter, téléphoner, RDV en ligne…)'),
  frais_a_charge: z.array(z.string()),
  telephone: z.string().nullable(),
  prise_rdv: z.string().nullable().describe('Lien de prise de rendez-vous en ligne'),
  latitude: z.number(),
  longitude: z.number(),
});

type Filters = z.infer<typeof countQuery>;

/**
 * `consultations` counts, in memory, each lieu shown in results and each public lieu page (through its hours, which the
 * public page always asks for): the reliability dashboard's consultation figures.
 */
export function orientationModule(referential: Referential, index: OrientationIndex, consultations?: ConsultationCounter): AppModule {
  /** The query for the engine, or a 400 naming the parameter. */
  function toQuery(q: Filters, now: Date, limite: number): OrientationQuery {
    let lat: number;
    let lon: number;
    if (q.commune !== undefined) {
      if (q.lat !== undefined || q.lon !== undefined) {
        throw problem.badRequest('donnez soit une commune (commune), soit un point (lat et lon), pas les deux.', 'commune');
      }
      const commune = referential.communes.get(q.commune);
      if (!commune) throw problem.badRequest(`commune inconnue : aucun code INSEE « ${q.commune} » dans le référentiel.`, 'commune');
      lat = commune.lat;
      lon = commune.lon;
    } else if (q.lat !== undefined && q.lon !== undefined) {
      lat = q.lat;
      lon = q.lon;
    } else if (q.lat !== undefined || q.lon !== undefined) {
      const missing = q.lat === undefined ? 'lat' : 'lon';
      throw problem.badRequest(`paramètre « ${missing} » manquant : un point se donne avec lat et lon.`, missing);
    } else {
      throw problem.badRequest('point de départ manquant : donnez une commune (commune=code INSEE) ou un point (lat et lon).', 'commune');
    }
    return {
      lat,
      lon,
      rayonKm: q.rayon_km,
      services: q.services,
      publics: q.publics,
      priseEnCharge: q.prise_en_charge,
      modalitesAcces: q.modalites_acces,
      frais: q.frais,
      ouvertA: q.ouvert_a === undefined ? undefined : new Date(q.ouvert_a),
      // "Now" to the minute: the open state and next opening are the same for every request of that minute (cached).
      now: new Date(Math.floor(now.getTime() / 60_000) * 60_000),
      limite,
    };
  }

  const method =
    'Classement par temps de trajet estimé en voiture (distance à vol d’oiseau × facteur de détour, vitesse moyenne par ' +
    'tranche ; voir docs/temps-de-trajet.md), puis par distance. Les lieux fermés définitivement ou temporairement à ' +
    'l’instant demandé sont exclus. Services, frais : au moins une des valeurs ; publics, prises en charge, modalités ' +
    'd’accès : toutes les valeurs. Sans horaires connus, un lieu est exclu quand `ouvert_a` est donné, et `ouvert` vaut null.';

  return {
    name: 'orientation',
    routes: async (app, { ctx }) => {
      app.get(
        '/api/v1/orientation',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Trouver les lieux qui répondent à un besoin, près d’une commune ou d’un point',
            description: `${method} \`total\` compte tous les lieux trouvés dans le rayon, \`resultats\` détaille les \`limite\` premiers.`,
            querystring: searchQuery,
            response: { 200: z.object({ total: z.number().int(), resultats: z.array(hitSchema) }) },
          },
        },
        async (request) => {
          const { limite, ...q } = request.query;
          const now = ctx.clock();
          const answer = (await index.engine()).search(toQuery(q, now, limite));
          consultations?.count(request.principal, answer.resultats.map((r) => r.id), 'resultat', now);
          return answer;
        },
      );

      app.get(
        '/api/v1/orientation/compte',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Compter les lieux qui répondent à un besoin',
            description: `Mêmes filtres que /api/v1/orientation, sans détail : pour afficher le nombre de lieux à chaque étape. ${method}`,
            querystring: countQuery,
            response: { 200: z.object({ total: z.number().int() }) },
          },
        },
        async (request) => {
          const query = toQuery(request.query, ctx.clock(), 0);
          return { total: (await index.engine()).count(query) };
        },
      );

      app.get(
        '/api/v1/lieux/:id/horaires',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Horaires d’un lieu pour la semaine en cours, en toutes lettres',
            description:
              'La semaine (lundi à dimanche, heure de Paris, jours fériés compris) qui contient `date` (aujourd’hui par ' +
              'défaut), jour par jour ; ouvert maintenant et prochaine ouverture. `lisibles` vaut false quand les ' +
              'horaires du lieu ne suivent pas la syntaxe OSM opening_hours (le texte brut est alors rendu tel quel).',
            params: z.object({ id: z.string().min(1).max(64) }),
            querystring: z.object({
              date: z.iso.date({ error: 'date attendue au format AAAA-MM-JJ (ex. 2026-12-01).' }).optional(),
            }),
            response: {
              200: z.object({
                horaires: z.string().nullable(),
                lisibles: z.boolean(),
                ouvert: z.boolean().nullable(),
                prochaine_ouverture: z.string().nullable(),
                semaine: z.array(
                  z.object({ jour: z.string(), date: z.string(), aujourdhui: z.boolean(), creneaux: z.string() }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const detail = await getLieu(ctx.db, request.params.id);
          if (!detail) throw problem.notFound(`lieu introuvable : aucun lieu « ${request.params.id} ».`);
          // A given date is taken at Paris noon: the week that contains it.
          const now = ctx.clock();
          // The public page's own request (without `date`) is one view of the lieu's page.
          if (!request.query.date) consultations?.count(request.principal, [request.params.id], 'page', now);
          const weekOf = request.query.date ? new Date(`${request.query.date}T12:00:00+01:00`) : now;
          const week = weekSchedule(detail.lieu.horaires, now, weekOf);
          if (week.kind === 'week') {
            const { horaires, ouvert, prochaine_ouverture, semaine } = week;
            return { horaires, lisibles: true, ouvert, prochaine_ouverture, semaine };
          }
          const horaires = week.kind === 'unreadable' ? week.horaires : null;
          return { horaires, lisibles: false, ouvert: null, prochaine_ouverture: null, semaine: [] };
        },
      );
    },
  };
}
