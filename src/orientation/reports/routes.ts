/**
 * "Signaler une erreur": anyone may report an error on a lieu (honeypot + rate limits). The gestionnaires of the lieu's
 * territory list and handle the reports in the moderation queue (src/freshness/moderation-routes.ts).
 */
import { z } from 'zod';
import type { AppModule } from '../../platform/http/app';
import { access } from '../../platform/http/access';
import { problem } from '../../platform/http/problem';
import { REPORT_CATEGORIES } from './schema';
import { createReport, REPORT_LIMITS } from './service';

const TAGS = ['signalements'];
export const REPORT_THANKS = "Merci, votre signalement a été transmis à l'équipe qui tient cette carte à jour.";
/** The honeypot field: hidden from people, filled in by naive bots. */
export const HONEYPOT_FIELD = 'site_web_confirmation';

const CATEGORY_ERROR = `catégorie inconnue : valeurs attendues ${REPORT_CATEGORIES.map((c) => `« ${c} »`).join(', ')}.`;

const reportBody = z.object({
  categorie: z.enum(REPORT_CATEGORIES, { error: CATEGORY_ERROR }),
  message: z
    .string({ error: 'message attendu.' })
    .trim()
    .min(5, { error: 'décrivez l’erreur en 5 caractères au moins.' })
    .max(2000, { error: 'le message ne doit pas dépasser 2 000 caractères.' }),
  courriel: z
    .union([z.literal(''), z.email({ error: 'adresse électronique invalide (exemple : nom@exemple.fr).' }).max(254)])
    .nullish()
    .describe('Facultatif : pour être tenu informé de la suite'),
  [HONEYPOT_FIELD]: z.string().max(2000).optional().describe('Laisser vide'),
});

export const reportsModule: AppModule = {
  name: 'orientation-reports',
  routes: async (app, { ctx }) => {
    app.post(
      '/api/v1/lieux/:id/signalements',
      {
        config: { access: access.public },
        schema: {
          tags: TAGS,
          summary: 'Signaler une erreur sur un lieu',
          description:
            `Public. Catégorie, message (5 à 2 000 caractères), courriel facultatif. Limité à ${REPORT_LIMITS.perIpPerHour} ` +
            `signalements par heure et par adresse IP (conservée seulement sous forme d’empreinte), et ` +
            `${REPORT_LIMITS.perLieuPerHour} par heure et par lieu (429 au-delà). Le champ ${HONEYPOT_FIELD} doit rester vide : ` +
            'rempli, la demande reçoit la même réponse mais n’est pas enregistrée.',
          params: z.object({ id: z.string().min(1).max(100) }),
          body: reportBody,
          response: { 201: z.object({ message: z.string() }) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (body[HONEYPOT_FIELD]) {
          // A bot: answer as if accepted so it learns nothing, store nothing, keep a trace in the logs.
          request.log.warn({ lieuId: request.params.id }, 'lieu report dropped: honeypot field filled');
          return reply.status(201).send({ message: REPORT_THANKS });
        }
        const outcome = await createReport(
          ctx.db,
          {
            lieuId: request.params.id,
            category: body.categorie,
            message: body.message,
            reporterEmail: body.courriel ? body.courriel.trim().toLowerCase() : null,
            ip: request.ip,
          },
          ctx.clock(),
        );
        if (outcome.kind === 'unknown_lieu') throw problem.notFound(`Aucun lieu ne porte l’identifiant ${request.params.id}.`, 'id');
        if (outcome.kind === 'rate_limited') {
          throw problem.tooManyRequests(
            outcome.by === 'ip'
              ? 'Vous avez envoyé beaucoup de signalements en peu de temps. Merci, réessayez dans une heure.'
              : 'Ce lieu a reçu beaucoup de signalements en peu de temps. Merci, réessayez dans une heure.',
          );
        }
        return reply.status(201).send({ message: REPORT_THANKS });
      },
    );
  },
};
