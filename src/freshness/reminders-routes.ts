/** HTTP API of the reminders: the sending log of a territory, for its gestionnaires and the admins. */
import { z } from 'zod';
import { LIEUX_TOKEN_SCOPE, MANAGERS } from '../lieux';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { atMostOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields, type Referential } from '../territory';
import { CONFIRMED_WITHIN_MONTHS } from '../lieux';
import { reminderLog } from './reminders';
import { REMINDER_STEPS } from './schema';

const logQuery = (referential: Referential) =>
  z
    .object({
      ...territoryFields(referential),
      limite: z.coerce
        .number({ error: 'la limite doit être un nombre entier entre 1 et 1000.' })
        .int({ error: 'la limite doit être un nombre entier entre 1 et 1000.' })
        .min(1, { error: 'la limite doit être un nombre entier entre 1 et 1000.' })
        .max(1000, { error: 'la limite doit être un nombre entier entre 1 et 1000.' })
        .default(500),
    })
    .refine(atMostOneTerritory, ONE_TERRITORY_MESSAGE);

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

export const remindersModule = (referential: Referential): AppModule => ({
  name: 'reminders',
  routes: async (app, { ctx }) => {
    app.get(
      '/api/v1/rappels',
      {
        config: {
          access: access.roles(MANAGERS, {
            territory: (request) => selectedTerritory(request.query),
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
          querystring: logQuery(referential),
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
});
