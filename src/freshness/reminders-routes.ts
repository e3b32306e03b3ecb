/** HTTP API of the reminders: the sending log of a territory, for its gestionnaires and the admins. */
import { z } from 'zod';
import { LIEUX_TOKEN_SCOPE, MANAGERS } from '../lieux';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { COMMUNE_CODE_PATTERN, DEPARTEMENT_CODE_PATTERN, EPCI_SIREN_PATTERN } from '../territory';
import { CONFIRMED_WITHIN_MONTHS } from '../lieux';
import { reminderLog } from './reminders';
import { REMINDER_STEPS } from './schema';

const logQuery = z
  .object({
    departement: z.string().regex(DEPARTEMENT_CODE_PATTERN, { error: 'code de département invalide (ex. 86, 2A, 974).' }).optional(),
    epci: z.string().regex(EPCI_SIREN_PATTERN, { error: 'SIREN d’EPCI invalide : 9 chiffres attendus.' }).optional(),
    commune: z.string().regex(COMMUNE_CODE_PATTERN, { error: 'code INSEE de commune invalide : 5 caractères attendus (ex. 86194).' }).optional(),
    limite: z.coerce
      .number({ error: 'la limite doit être un nombre entier entre 1 et 1000.' })
      .int({ error: 'la limite doit être un nombre entier entre 1 et 1000.' })
      .min(1, { error: 'la limite doit être un nombre entier entre 1 et 1000.' })
      .max(1000, { error: 'la limite doit être un nombre entier entre 1 et 1000.' })
      .default(500),
  })
  .refine((q) => [q.departement, q.epci, q.commune].filter(Boolean).length <= 1, {
    error: 'précisez un seul territoire : departement, epci ou commune.',
    path: ['departement'],
  });

const entrySchema = z.object({
  id: z.string(),
  date: z.string().describe('Quand la relance est partie'),
  termineLe: z.string().nullable(),
  lieu: z.object({ id: z.string(), nom: z.string(), commune: z.string() }),
  etape: z.enum(REMINDER_STEPS),
  destinataire: z.string().nullable(),
  resultat: z
    .enum(['en-cours', 'envoye', 'echec', 'sans-contact', 'interrompu'])
    .describe('interrompu : le processus s’est arrêté pendant l’envoi ; la relance n’est pas renvoyée'),
  erreur: z.string().nullable(),
  derniereConfirmation: z.string().describe('La confirmation (ou l’entrée dans le registre) que la relance suit'),
  prochainRappel: z.string().nullable().describe('Après une première relance : quand part la seconde si personne ne confirme d’ici là (null : aucune)'),
});

export const remindersModule: AppModule = {
  name: 'reminders',
  routes: async (app, { ctx }) => {
    app.get(
      '/api/v1/rappels',
      {
        config: {
          access: access.roles(MANAGERS, {
            territory: (request) => {
              const q = request.query as { departement?: string; epci?: string; commune?: string };
              if (q.commune) return { kind: 'commune', code: q.commune };
              if (q.epci) return { kind: 'epci', code: q.epci };
              if (q.departement) return { kind: 'departement', code: q.departement };
              return undefined;
            },
            tokenScope: LIEUX_TOKEN_SCOPE,
          }),
        },
        schema: {
          tags: ['structures'],
          summary: 'Relances envoyées aux structures',
          description:
            'Le journal des relances de confirmation des lieux d’un territoire (departement, epci ou commune ; sans territoire : ' +
            'toute la France, pour les administrateurs), les plus récentes d’abord : quand, à qui, quel lieu, quelle étape, ' +
            'quel résultat. Avec les règles en vigueur.',
          querystring: logQuery,
          response: {
            200: z.object({
              regles: z.object({ premierRappelMois: z.number().int(), secondRappelJours: z.number().int(), aVerifierMois: z.number().int() }),
              envois: z.array(entrySchema),
            }),
          },
        },
      },
      async (request) => {
        const { limite, ...territory } = request.query;
        const rules = ctx.config.reminders;
        return {
          regles: { premierRappelMois: rules.firstMonths, secondRappelJours: rules.secondDays, aVerifierMois: CONFIRMED_WITHIN_MONTHS },
          envois: await reminderLog(ctx.db, territory, ctx.clock(), rules, limite),
        };
      },
    );
  },
};
