/**
 * The prescriber's fiche d'orientation: its content (public, printing needs no account), sending it by e-mail or SMS
 * (signed-in prescribers only: no open relay), and the follow-up — the receiving lieu marks the orientation "reçu".
 */
import { z } from 'zod';
import { actorOf } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { AppModule } from '../../platform/http/app';
import { access } from '../../platform/http/access';
import { HttpProblem, problem } from '../../platform/http/problem';
import { ORIENTATION_CHANNELS } from './schema';
import {
  DEFAULT_TO_BRING,
  RECEIVERS,
  SENDERS,
  ficheHtml,
  ficheLieux,
  ficheSms,
  ficheText,
  listReceived,
  markReceived,
  recordOrientation,
  type FicheContent,
  type ReceivedOrientation,
} from './service';
import { LoggingSmsProvider, normalizeFrenchPhone, type SmsProvider } from './sms';

const TAGS = ['orientation'];
export const MAX_FICHE_LIEUX = 3;

export interface FicheModuleOptions {
  /** The SMS gateway; without one, a logging provider outside production, and 503 in production. */
  sms?: SmsProvider;
}

const lieuIds = z
  .array(z.string().trim().min(1).max(100), { error: 'liste d’identifiants de lieux attendue.' })
  .min(1, { error: 'choisissez au moins un lieu.' })
  .max(MAX_FICHE_LIEUX, { error: `une fiche compte au plus ${MAX_FICHE_LIEUX} lieux.` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'un même lieu est choisi deux fois.' });

const ficheLieuSchema = z.object({
  id: z.string(),
  nom: z.string(),
  adresse: z.string(),
  telephone: z.string().nullable(),
  horaires: z.array(z.string()),
  priseRdv: z.string().nullable(),
});

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label} ne doit pas dépasser ${max} caractères.` })
    .nullish()
    .transform((v) => (v ? v : null));

const sendBody = z
  .object({
    canal: z.enum(ORIENTATION_CHANNELS, { error: 'canal inconnu : « courriel » ou « sms » attendu.' }),
    destinataire: z.string({ error: 'destinataire attendu.' }).trim().min(1, { error: 'destinataire attendu.' }).max(254),
    besoin: z
      .string({ error: 'besoin attendu.' })
      .trim()
      .min(2, { error: 'décrivez le besoin en quelques mots.' })
      .max(200, { error: 'le besoin ne doit pas dépasser 200 caractères.' }),
    lieux: lieuIds,
    prenom: optionalText(60, 'le prénom'),
    garderPrenom: z.boolean({ error: 'garderPrenom vaut true ou false.' }).default(false),
    structure: optionalText(200, 'la structure'),
    note: optionalText(1000, 'la note'),
    aApporter: z
      .array(z.string().trim().min(1).max(120, { error: 'chaque élément à apporter fait au plus 120 caractères.' }))
      .max(10, { error: 'au plus 10 éléments à apporter.' })
      .default(DEFAULT_TO_BRING),
  })
  .superRefine((body, context) => {
    if (body.canal === 'courriel' && !z.email().max(254).safeParse(body.destinataire).success) {
      context.addIssue({ code: 'custom', path: ['destinataire'], message: 'adresse électronique invalide (exemple : nom@exemple.fr).' });
    }
    if (body.canal === 'sms' && !normalizeFrenchPhone(body.destinataire)) {
      context.addIssue({ code: 'custom', path: ['destinataire'], message: 'numéro de téléphone invalide (exemple : 06 12 34 56 78).' });
    }
  });

const receivedSchema = z.object({
  id: z.string(),
  besoin: z.string(),
  structure: z.string().nullable(),
  lieux: z.array(z.string()),
  mesLieux: z.array(z.string()),
  canal: z.enum(ORIENTATION_CHANNELS),
  prenom: z.string().nullable(),
  envoyeeLe: z.string(),
  recueLe: z.string().nullable(),
  recuePar: z.string().nullable(),
  recueAuLieu: z.string().nullable(),
});

const receivedDto = (o: ReceivedOrientation): z.infer<typeof receivedSchema> => ({
  id: o.id,
  besoin: o.need,
  structure: o.fromStructure,
  lieux: o.toLieuIds,
  mesLieux: o.myLieuIds,
  canal: o.channel,
  prenom: o.firstName,
  envoyeeLe: o.createdAt.toISOString(),
  recueLe: o.receivedAt?.toISOString() ?? null,
  recuePar: o.receivedBy,
  recueAuLieu: o.receivedLieuId,
});

async function loadLieux(db: Database, ids: string[]) {
  const found = await ficheLieux(db, ids);
  if ('unknown' in found) throw problem.notFound(`Aucun lieu ne porte l’identifiant ${found.unknown}.`, 'lieux');
  return found.lieux;
}

export function ficheModule(options: FicheModuleOptions = {}): AppModule {
  return {
    name: 'orientation-fiche',
    routes: async (app, { ctx }) => {
      const sms: SmsProvider | null =
        options.sms ??
        (ctx.config.env === 'production'
          ? null
          : new LoggingSmsProvider((entry) => app.log.info({ sms: entry }, 'SMS (development provider: not sent)')));

      app.get(
        '/api/v1/orientations/fiche',
        {
          config: { access: access.public },
          schema: {
            tags: TAGS,
            summary: 'Contenu d’une fiche d’orientation',
            description: 'Public (imprimer une fiche ne demande pas de compte). `lieux` : 1 à 3 identifiants séparés par des virgules.',
            querystring: z.object({
              lieux: z.preprocess(
                (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
                lieuIds,
              ),
            }),
            response: { 200: z.object({ lieux: z.array(ficheLieuSchema), aApporter: z.array(z.string()) }) },
          },
        },
        async (request) => ({ lieux: await loadLieux(ctx.db, request.query.lieux), aApporter: DEFAULT_TO_BRING }),
      );

      app.post(
        '/api/v1/orientations/envoi',
        {
          config: { access: access.roles(SENDERS) },
          schema: {
            tags: TAGS,
            summary: 'Envoyer une fiche d’orientation par courriel ou SMS',
            description:
              'Pour les prescripteurs connectés (médiateur, coordinateur, gestionnaire, structure, administrateur). ' +
              'Enregistre l’orientation (besoin, expéditeur, lieux, date) sans l’adresse ni le numéro du destinataire ; ' +
              'le prénom seulement si `garderPrenom` vaut true.',
            body: sendBody,
            response: { 201: z.object({ id: z.string(), message: z.string() }) },
          },
        },
        async (request, reply) => {
          const principal = request.principal!;
          if (principal.kind !== 'user') throw problem.forbidden();
          const body = request.body;
          const provider = body.canal === 'sms' ? sms : null;
          if (body.canal === 'sms' && !provider) {
            throw new HttpProblem(503, 'Service indisponible', "L'envoi par SMS n'est pas configuré sur ce service. Envoyez la fiche par courriel ou imprimez-la.", 'canal');
          }
          const lieux = await loadLieux(ctx.db, body.lieux);
          const content: FicheContent = {
            besoin: body.besoin,
            prenom: body.prenom,
            structure: body.structure,
            note: body.note,
            aApporter: body.aApporter,
            lieux,
          };
          const now = ctx.clock();
          // Sent first, then recorded: a failed sending leaves no orientation behind. (Sending inside the transaction
          // would hold it open during SMTP, and the development outbox writes through its own connection.)
          if (body.canal === 'courriel') {
            await ctx.mailer.send({
              to: body.destinataire,
              subject: lieux.length > 1 ? 'Où trouver de l’aide : vos lieux' : `Où trouver de l’aide : ${lieux[0]!.nom}`,
              text: ficheText(content),
              html: ficheHtml(content),
            });
          } else {
            await provider!.send(normalizeFrenchPhone(body.destinataire)!, ficheSms(content));
          }
          const id = await ctx.db.transaction((tx) =>
            recordOrientation(
              tx as unknown as Database,
              {
                need: body.besoin,
                fromUserId: principal.userId,
                fromStructure: body.structure,
                toLieuIds: body.lieux,
                channel: body.canal,
                firstName: body.garderPrenom ? body.prenom : null,
                actor: actorOf(principal),
              },
              now,
            ),
          );
          return reply.status(201).send({
            id,
            message: body.canal === 'courriel' ? 'La fiche a été envoyée par courriel.' : 'La fiche a été envoyée par SMS.',
          });
        },
      );

      app.get(
        '/api/v1/orientations/recues',
        {
          config: { access: access.roles(RECEIVERS) },
          schema: {
            tags: TAGS,
            summary: 'Orientations reçues par mes lieux',
            description:
              'Les orientations des 6 derniers mois vers un lieu de mon périmètre (médiateur ou coordinateur du territoire ' +
              'du lieu, structure du lieu). `en_attente=true` : seulement celles pas encore marquées reçues.',
            querystring: z.object({
              en_attente: z.enum(['true', 'false'], { error: 'en_attente vaut true ou false.' }).default('false'),
            }),
            response: { 200: z.object({ orientations: z.array(receivedSchema) }) },
          },
        },
        async (request) => {
          const rows = await listReceived(ctx.db, request.principal!, ctx.contains, ctx.clock(), {
            pendingOnly: request.query.en_attente === 'true',
          });
          return { orientations: rows.map(receivedDto) };
        },
      );

      app.post(
        '/api/v1/orientations/:id/recue',
        {
          config: { access: access.roles(RECEIVERS) },
          schema: {
            tags: TAGS,
            summary: 'Marquer une orientation comme reçue',
            description: 'La personne est venue. `lieu` (facultatif) : lequel des lieux de l’orientation l’a reçue.',
            params: z.object({ id: z.uuid({ error: 'identifiant d’orientation invalide (UUID attendu).' }) }),
            body: z.object({ lieu: z.string().min(1).max(100).optional() }).optional(),
            response: { 200: receivedSchema },
          },
        },
        async (request) => {
          const principal = request.principal!;
          if (principal.kind !== 'user') throw problem.forbidden();
          const outcome = await markReceived(ctx.db, principal, ctx.contains, request.params.id, request.body?.lieu, ctx.clock());
          switch (outcome.kind) {
            case 'not_found':
              throw problem.notFound('Aucune orientation ne porte cet identifiant.', 'id');
            case 'forbidden':
              throw problem.forbidden('Cette orientation ne concerne aucun lieu de votre périmètre.');
            case 'lieu_not_in_orientation':
              throw problem.badRequest('Ce lieu ne fait pas partie de l’orientation.', 'lieu');
            default:
              return receivedDto(outcome.orientation);
          }
        },
      );
    },
  };
}
