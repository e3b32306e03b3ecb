/**
 * HTTP API of structure self-service. Gestionnaires send and revoke links (their territory only); a structure acts
 * through its link alone (`/api/v1/structure/{jeton}/…`): the secret in the path is the only credential, checked on
 * every request, never logged (logs keep the route pattern).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  answerLieuWrite,
  conflictSchema,
  lieuIdsWhere,
  LIEUX_TOKEN_SCOPE,
  lieuViewSchema,
  locateLieu,
  MANAGERS,
  statusSchema,
  type Lieu,
} from '../lieux';
import { actorOf } from '../platform/audit';
import type { TerritoryRef } from '../platform/auth/principal';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { problem } from '../platform/http/problem';
import { hashIp } from '../orientation';
import { exactlyOneTerritory, ONE_TERRITORY_MESSAGE, selectedTerritory, territoryFields, type Referential } from '../territory';
import { LINK_RATE_LIMIT_MESSAGE, LINK_REFUSALS_PER_HOUR, REFUSAL_MESSAGES } from './domain/invitation';
import {
  claimLinkAttempt,
  replyToOf,
  confirmAsStructure,
  findInvitation,
  inviteStructures,
  invitationsOfLieu,
  lieuxOfInvitation,
  openLink,
  revokeInvitation,
  saveAsStructure,
  setStatusAsStructure,
} from './service';
import { closeForwardedReports } from './moderation';

const TAGS = ['structures'];
const regroupement = z
  .enum(['par-lieu', 'par-contact'], { error: 'regroupement : par-lieu ou par-contact attendu.' })
  .default('par-lieu')
  .describe('Un lien par lieu, ou un lien par adresse de contact pour tous ses lieux');
const sentSchema = z.object({
  envoyees: z.array(
    z.object({ id: z.string(), email: z.string(), lieux: z.array(z.object({ id: z.string(), nom: z.string() })), envoye: z.boolean(), erreur: z.string().optional() }),
  ),
  ignores: z.array(z.object({ id: z.string(), nom: z.string(), raison: z.string() })),
});
const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  lieux: z.array(z.string()),
  creeLe: z.string(),
  expireLe: z.string(),
  revoqueLe: z.string().nullable(),
  utiliseLe: z.string().nullable(),
});
const jetonParams = z.object({ jeton: z.string().min(1).max(200) });
const structureLieuSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  lieu: z.record(z.string(), z.unknown()),
  statut: statusSchema,
  confirmeLe: z.string().nullable(),
});
const jetonLieuParams = jetonParams.extend({ id: z.string().min(1).max(100) });

export function freshnessModule(referential: Referential): AppModule {
  const targets = new WeakMap<FastifyRequest, TerritoryRef | undefined>();
  const target = (request: FastifyRequest) => targets.get(request);
  const managers = access.roles(MANAGERS, { territory: target, tokenScope: LIEUX_TOKEN_SCOPE });

  return {
    name: 'freshness',
    routes: async (app, { ctx }) => {
      /** Mail dependencies; a signed-in person sending gets the structure's answers (Reply-To). */
      const deps = (request?: FastifyRequest) => ({
        mailer: ctx.mailer,
        publicUrl: ctx.config.publicUrl,
        clock: ctx.clock,
        ...replyToOf(request?.principal),
      });
      const lieuTarget = async (request: FastifyRequest) => {
        const id = (request.params as { id?: unknown }).id;
        targets.set(request, typeof id === 'string' ? await locateLieu(ctx.db, id) : undefined);
      };

      app.post(
        '/api/v1/lieux/:id/invitations',
        {
          config: { access: managers },
          preValidation: lieuTarget,
          schema: {
            tags: TAGS,
            summary: 'Inviter la structure d’un lieu à le tenir à jour',
            description: 'Envoie au premier courriel du lieu un lien valable 30 jours qui ne donne accès qu’à ce lieu.',
            params: z.object({ id: z.string().min(1).max(100) }),
            response: { 201: sentSchema },
          },
        },
        async (request, reply) => {
          const found = targets.get(request);
          if (!found && !(await lieuxOfInvitation(ctx.db, [request.params.id])).length) {
            throw problem.notFound(`Aucun lieu ne porte l’identifiant ${request.params.id}.`, 'id');
          }
          const { sent, skipped } = await inviteStructures(ctx.db, [request.params.id], 'par-lieu', actorOf(request.principal!), deps(request));
          return reply.code(201).send({ envoyees: sent, ignores: skipped });
        },
      );

      app.post(
        '/api/v1/invitations',
        {
          config: {
            access: access.roles(MANAGERS, {
              territory: (request) => selectedTerritory(request.body),
              tokenScope: LIEUX_TOKEN_SCOPE,
            }),
          },
          schema: {
            tags: TAGS,
            summary: 'Inviter toutes les structures d’un territoire',
            description:
              'Un lien par lieu (regroupement par-lieu) ou un par adresse de contact pour tous ses lieux (par-contact). ' +
              'Les lieux sans courriel sont listés dans `ignores`.',
            body: z
              .object({
                ...territoryFields(referential),
                regroupement,
              })
              .refine(exactlyOneTerritory, ONE_TERRITORY_MESSAGE),
            response: { 201: sentSchema },
          },
        },
        async (request, reply) => {
          const { regroupement: grouping, ...territory } = request.body;
          const ids = await lieuIdsWhere(ctx.db, territory);
          const { sent, skipped } = await inviteStructures(ctx.db, ids, grouping, actorOf(request.principal!), deps(request));
          return reply.code(201).send({ envoyees: sent, ignores: skipped });
        },
      );

      app.get(
        '/api/v1/lieux/:id/invitations',
        {
          config: { access: managers },
          preValidation: lieuTarget,
          schema: {
            tags: TAGS,
            summary: 'Liens envoyés pour un lieu',
            params: z.object({ id: z.string().min(1).max(100) }),
            response: { 200: z.object({ invitations: z.array(invitationSchema) }) },
          },
        },
        async (request) => ({ invitations: await invitationsOfLieu(ctx.db, request.params.id) }),
      );

      app.delete(
        '/api/v1/invitations/:id',
        {
          config: { access: managers },
          preValidation: async (request: FastifyRequest) => {
            const id = (request.params as { id?: unknown }).id;
            const invitation = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? await findInvitation(ctx.db, id) : null;
            targets.set(request, invitation?.lieuIds[0] ? await locateLieu(ctx.db, invitation.lieuIds[0]) : undefined);
          },
          schema: {
            tags: TAGS,
            summary: 'Désactiver un lien',
            description: 'Le lien cesse aussitôt de fonctionner.',
            params: z.object({ id: z.uuid({ error: 'identifiant de lien invalide.' }) }),
            response: { 200: invitationSchema },
          },
        },
        async (request) => {
          const revoked = await revokeInvitation(ctx.db, request.params.id, actorOf(request.principal!), ctx.clock());
          if (!revoked) throw problem.notFound('Aucun lien ne porte cet identifiant.', 'id');
          return revoked;
        },
      );

      // ---- The structure, through its link --------------------------------------------------------------------------

      const PUBLIC = { access: access.public };
      /**
       * The invitation behind the link if it opens this lieu; else a 403 saying why, in French. Refusals are counted
       * per address (keyed hash, never the address): past the limit, a 429 answers every link for an hour.
       */
      const opened = async (request: FastifyRequest, jeton: string, lieuId?: string) => {
        const now = ctx.clock();
        const ipHash = await hashIp(ctx.db, request.ip);
        const attempt = await claimLinkAttempt(ctx.db, ipHash, now);
        if (attempt.limited) throw problem.tooManyRequests(LINK_RATE_LIMIT_MESSAGE);
        const result = await openLink(ctx.db, jeton, now, lieuId);
        if (result.kind === 'refused') {
          await attempt.refused();
          throw problem.forbidden(REFUSAL_MESSAGES[result.refusal], 'jeton');
        }
        await attempt.opened();
        return result.invitation;
      };
      const LINK_LIMIT = ` Après ${LINK_REFUSALS_PER_HOUR} liens refusés en une heure depuis une même adresse réseau : 429 pour tout lien pendant une heure.`;

      app.get(
        '/api/v1/structure/:jeton',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Les lieux qu’un lien permet de tenir à jour',
            description: `Lien expiré, désactivé, inconnu : 403 avec la raison (detail).${LINK_LIMIT}`,
            params: jetonParams,
            response: {
              200: z.object({
                expireLe: z.string(),
                lieux: z.array(structureLieuSchema),
              }),
            },
          },
        },
        async (request) => {
          const invitation = await opened(request, request.params.jeton);
          const lieux = await lieuxOfInvitation(ctx.db, invitation.lieuIds);
          return { expireLe: invitation.expiresAt.toISOString(), lieux: lieux.map((l) => ({ ...l, lieu: l.lieu as unknown as Record<string, unknown> })) };
        },
      );

      app.get(
        '/api/v1/structure/:jeton/lieux/:id',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Un lieu qu’un lien permet de tenir à jour',
            description: `403 avec la raison si le lien ne donne pas accès à ce lieu (ou est expiré, désactivé, inconnu).${LINK_LIMIT}`,
            params: jetonLieuParams,
            response: { 200: structureLieuSchema },
          },
        },
        async (request) => {
          await opened(request, request.params.jeton, request.params.id);
          const [found] = await lieuxOfInvitation(ctx.db, [request.params.id]);
          if (!found) throw problem.notFound(`Aucun lieu ne porte l’identifiant ${request.params.id}.`, 'id');
          return { ...found, lieu: found.lieu as unknown as Record<string, unknown> };
        },
      );

      app.patch(
        '/api/v1/structure/:jeton/lieux/:id',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Enregistrer les informations d’un lieu (par sa structure)',
            description:
              'Mêmes règles que la modification par un gestionnaire : `version` lue (sinon 409 avec la version actuelle, ' +
              'pour montrer les deux et choisir), validation du standard. Enregistré avec la source « structure ». ' +
              'Les signalements du lieu transmis à la structure sont alors clos comme corrigés par elle, et leurs auteurs informés.',
            params: jetonLieuParams,
            body: z.object({
              version: z.number({ error: 'version attendue (nombre entier).' }).int(),
              changes: z.record(z.string(), z.unknown()),
            }),
            response: { 200: lieuViewSchema, 409: conflictSchema },
          },
        },
        async (request, reply) => {
          const invitation = await opened(request, request.params.jeton, request.params.id);
          const outcome = await saveAsStructure(
            ctx.db,
            request.params.id,
            { version: request.body.version, changes: request.body.changes as Partial<Lieu> },
            invitation.id,
            { referential, clock: ctx.clock },
          );
          if (outcome.kind === 'ok') await closeForwardedReports(ctx.db, request.params.id, invitation.id, deps());
          return answerLieuWrite(request, reply, request.params.id, outcome, request.body.version);
        },
      );

      app.post(
        '/api/v1/structure/:jeton/lieux/:id/confirmation',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: '« Les informations sont à jour »',
            description: 'Confirme le lieu sans le modifier : la date de dernière confirmation avance.',
            params: jetonLieuParams,
            response: { 200: z.object({ confirmeLe: z.string() }) },
          },
        },
        async (request) => {
          const invitation = await opened(request, request.params.jeton, request.params.id);
          const now = ctx.clock();
          await confirmAsStructure(ctx.db, request.params.id, invitation.id, now);
          return { confirmeLe: now.toISOString() };
        },
      );

      app.put(
        '/api/v1/structure/:jeton/lieux/:id/statut',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Fermer (temporairement ou définitivement) ou rouvrir un lieu',
            description:
              'Le lieu disparaît des résultats d’orientation aux dates de fermeture. Comme un enregistrement, clôt les ' +
              'signalements transmis à la structure.',
            params: jetonLieuParams,
            querystring: z.object({ version: z.coerce.number({ error: 'version attendue (nombre entier).' }).int() }),
            body: statusSchema,
            response: { 200: lieuViewSchema, 409: conflictSchema },
          },
        },
        async (request, reply) => {
          const invitation = await opened(request, request.params.jeton, request.params.id);
          const outcome = await setStatusAsStructure(ctx.db, request.params.id, request.body, request.query.version, invitation.id, ctx.clock());
          if (outcome.kind === 'ok') await closeForwardedReports(ctx.db, request.params.id, invitation.id, deps());
          return answerLieuWrite(request, reply, request.params.id, outcome, request.query.version);
        },
      );
    },
  };
}
