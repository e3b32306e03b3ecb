import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, listChanges, recordChange } from '../audit';
import type { Database } from '../db';
import type { AppModule } from '../http/app';
import { access } from '../http/access';
import { HttpProblem, problem } from '../http/problem';
import { createApiToken, listApiTokens, revokeApiToken, validateTokenInput } from './api-tokens';
import { MAGIC_LINK_ACCEPTED, MAGIC_LINK_INVALID, consumeMagicLink, requestMagicLink } from './magic-link';
import { finishOidcLogin, startOidcLogin } from './oidc';
import { ROLE_LABELS, type Principal, type TerritoryRef } from './principal';
import { loadAssignments } from './resolve';
import { clearSessionCookie, createSession, revokeSession, setSessionCookie } from './sessions';
import { users } from './schema';
import {
  covers,
  createUser,
  isAdmin,
  listUsers,
  managedTerritories,
  utilisateurDto,
  validateAssignment,
  type FieldError,
} from './users';

export interface AuthModuleOptions {
  /**
   * Where a lieu is (its commune), so a gestionnaire may create a 'structure' account for a lieu of their territory.
   * Without it only an admin may create structure accounts.
   */
  locateLieu?: (db: Database, lieuId: string) => Promise<TerritoryRef | undefined>;
}

const roleDto = z.object({ role: z.enum(['admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure']), libelle: z.string(), perimetre: z.string() });
const utilisateurSchema = z.object({ id: z.string(), email: z.string(), nom: z.string().nullable(), roles: z.array(roleDto) });
const utilisateurAdminSchema = utilisateurSchema.extend({ creeLe: z.string(), desactiveLe: z.string().nullable() });
const messageSchema = z.object({ message: z.string() });
const jetonSchema = z.object({
  id: z.string(),
  nom: z.string(),
  prefixe: z.string(),
  portees: z.array(z.string()),
  territoires: z.array(z.string()),
  creeLe: z.string(),
  dernierUsage: z.string().nullable(),
  revoqueLe: z.string().nullable(),
});
const acteurSchema = z.object({ type: z.enum(['user', 'api_token', 'system', 'cli', 'invitation']), id: z.string().nullable() });
const entreeSchema = z.object({
  id: z.number(),
  date: z.string(),
  acteur: acteurSchema,
  entite: z.string(),
  idEntite: z.string(),
  action: z.string(),
  avant: z.unknown(),
  apres: z.unknown(),
  source: z.string(),
});

const linkGone = () => new HttpProblem(410, 'Lien de connexion invalide', MAGIC_LINK_INVALID, 'jeton');
const fieldProblem = (e: FieldError) => (e.code === 'conflict' ? problem.conflict(e.message, e.champ) : problem.badRequest(e.message, e.champ));

/** Sign-in endpoints ignore an existing session: signing in again must not require its CSRF token. */
async function ignoreCurrentSession(request: FastifyRequest) {
  request.principal = null;
}

function userPrincipal(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const p = request.principal;
  if (p?.kind !== 'user') throw problem.unauthorized();
  return p;
}

export function createAuthModule(options: AuthModuleOptions = {}): AppModule {
  return {
    name: 'auth',
    routes: async (app, { ctx }) => {
      /* ---------------------------------------------------------------- magic links */
      app.post(
        '/api/v1/auth/lien-magique',
        {
          config: { access: access.public },
          onRequest: ignoreCurrentSession,
          schema: {
            tags: ['authentification'],
            summary: 'Demander un lien de connexion par courriel',
            description:
              "Répond toujours 202, que le compte existe ou non. Limité par adresse et par adresse IP (429 au-delà).",
            body: z.object({ email: z.string().max(320) }),
            response: { 202: messageSchema },
          },
        },
        async (request, reply) => {
          const outcome = await requestMagicLink(ctx, request.body.email, request.ip, request.log);
          if (outcome.kind === 'invalid_email') {
            throw problem.badRequest("L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).", 'email');
          }
          if (outcome.kind === 'rate_limited') {
            reply.header('retry-after', String(ctx.config.auth.rateLimitWindowMinutes * 60));
            throw problem.tooManyRequests(
              outcome.by === 'email'
                ? `Trop de liens de connexion demandés pour cette adresse. Réessayez dans ${ctx.config.auth.rateLimitWindowMinutes} minutes.`
                : `Trop de demandes de lien de connexion depuis votre connexion. Réessayez dans ${ctx.config.auth.rateLimitWindowMinutes} minutes.`,
            );
          }
          return reply.status(202).send({ message: MAGIC_LINK_ACCEPTED });
        },
      );

      app.post(
        '/api/v1/auth/lien-magique/verifier',
        {
          config: { access: access.public },
          onRequest: ignoreCurrentSession,
          schema: {
            tags: ['authentification'],
            summary: 'Se connecter avec le jeton reçu par courriel (usage unique)',
            body: z.object({ jeton: z.string().max(200) }),
            response: { 200: z.object({ utilisateur: utilisateurSchema, csrf: z.string() }) },
          },
        },
        async (request, reply) => {
          const now = ctx.clock();
          const signedIn = await ctx.db.transaction(async (tx) => {
            const db = tx as unknown as Database;
            const userId = await consumeMagicLink(db, request.body.jeton, now);
            if (!userId) return undefined;
            const session = await createSession(db, ctx.config, userId, 'magic_link', now);
            await recordChange(db, {
              actor: { kind: 'user', id: userId },
              entity: 'session',
              entityId: session.id,
              action: 'sign_in',
              before: null,
              after: { methode: 'magic_link' },
              source: 'api',
            });
            return { userId, session };
          });
          if (!signedIn) throw linkGone();
          const [user] = await ctx.db.select().from(users).where(eq(users.id, signedIn.userId));
          if (!user) throw linkGone();
          setSessionCookie(reply, ctx.config, signedIn.session);
          const assignments = await loadAssignments(ctx.db, user.id);
          return { utilisateur: utilisateurDto({ ...user, assignments }), csrf: signedIn.session.csrfToken };
        },
      );

      /* ---------------------------------------------------------------- session */
      app.get(
        '/api/v1/session',
        {
          config: { access: access.public },
          schema: {
            tags: ['authentification'],
            summary: 'Qui est connecté, jeton anti-CSRF, moyens de connexion proposés',
            response: {
              200: z.object({
                utilisateur: utilisateurSchema.nullable(),
                csrf: z.string().nullable(),
                connexion: z.object({ oidc: z.object({ fournisseur: z.string() }).nullable() }),
              }),
            },
          },
        },
        async (request, reply) => {
          reply.header('cache-control', 'no-store');
          const p = request.principal;
          const connexion = { oidc: ctx.config.oidc ? { fournisseur: ctx.config.oidc.providerName } : null };
          if (p?.kind !== 'user') return { utilisateur: null, csrf: null, connexion };
          return {
            utilisateur: utilisateurDto({ id: p.userId, email: p.email, displayName: p.displayName, assignments: p.assignments }),
            csrf: p.csrfToken,
            connexion,
          };
        },
      );

      app.post(
        '/api/v1/auth/deconnexion',
        {
          config: { access: access.authenticated },
          schema: { tags: ['authentification'], summary: 'Se déconnecter (révoque la session)' },
        },
        async (request, reply) => {
          const p = userPrincipal(request);
          await revokeSession(ctx.db, p.sessionId, ctx.clock());
          clearSessionCookie(reply, ctx.config);
          return reply.status(204).send();
        },
      );

      /* ---------------------------------------------------------------- OIDC (ProConnect) */
      const oidc = ctx.config.oidc;
      if (oidc) {
        app.get(
          '/auth/oidc/connexion',
          { config: { access: access.public }, schema: { hide: true } },
          async (request, reply) => {
            try {
              const url = await startOidcLogin(ctx.db, oidc, ctx.config.publicUrl, ctx.clock());
              return reply.header('cache-control', 'no-store').redirect(url.href, 302);
            } catch (error) {
              request.log.warn({ err: error }, 'OIDC sign-in could not start');
              return reply.redirect('/connexion?erreur=oidc', 302);
            }
          },
        );
        app.get(
          '/auth/oidc/retour',
          {
            config: { access: access.public },
            schema: { hide: true, querystring: z.record(z.string(), z.string()) },
          },
          async (request, reply) => {
            reply.header('cache-control', 'no-store');
            try {
              const now = ctx.clock();
              const outcome = await finishOidcLogin(ctx.db, oidc, ctx.config.publicUrl, request.query, now);
              if (outcome.kind === 'unknown_account') return reply.redirect('/connexion?erreur=compte-inconnu', 302);
              if (outcome.kind === 'failed') {
                request.log.warn({ reason: outcome.reason }, 'OIDC sign-in refused');
                return reply.redirect('/connexion?erreur=oidc', 302);
              }
              const session = await ctx.db.transaction(async (tx) => {
                const db = tx as unknown as Database;
                const s = await createSession(db, ctx.config, outcome.userId, 'oidc', now);
                if (outcome.newDisplayName) {
                  await db.update(users).set({ displayName: outcome.newDisplayName }).where(eq(users.id, outcome.userId));
                  await recordChange(db, {
                    actor: { kind: 'user', id: outcome.userId },
                    entity: 'user',
                    entityId: outcome.userId,
                    action: 'update',
                    before: { nom: null },
                    after: { nom: outcome.newDisplayName },
                    source: 'oidc',
                  });
                }
                await recordChange(db, {
                  actor: { kind: 'user', id: outcome.userId },
                  entity: 'session',
                  entityId: s.id,
                  action: 'sign_in',
                  before: null,
                  after: { methode: 'oidc', fournisseur: oidc.providerName },
                  source: 'api',
                });
                return s;
              });
              setSessionCookie(reply, ctx.config, session);
              return reply.redirect(outcome.returnTo, 302);
            } catch (error) {
              request.log.warn({ err: error }, 'OIDC sign-in failed');
              return reply.redirect('/connexion?erreur=oidc', 302);
            }
          },
        );
      }

      /* ---------------------------------------------------------------- API tokens */
      app.get(
        '/api/v1/admin/jetons',
        {
          config: { access: access.roles(['admin']) },
          schema: {
            tags: ['administration'],
            summary: "Jetons d'API (sans leur secret)",
            response: { 200: z.object({ jetons: z.array(jetonSchema) }) },
          },
        },
        async () => {
          const tokens = await listApiTokens(ctx.db);
          return {
            jetons: tokens.map((t) => ({
              id: t.id,
              nom: t.name,
              prefixe: t.prefix,
              portees: t.scopes,
              territoires: t.territories,
              creeLe: t.createdAt.toISOString(),
              dernierUsage: t.lastUsedAt?.toISOString() ?? null,
              revoqueLe: t.revokedAt?.toISOString() ?? null,
            })),
          };
        },
      );

      app.post(
        '/api/v1/admin/jetons',
        {
          config: { access: access.roles(['admin']) },
          schema: {
            tags: ['administration'],
            summary: "Créer un jeton d'API (le secret n'est affiché qu'une fois)",
            body: z.object({
              nom: z.string().max(100),
              portees: z.array(z.string().max(100)).max(50),
              territoires: z.array(z.string().max(30)).max(200).default([]),
            }),
            response: { 201: z.object({ id: z.string(), jeton: z.string() }) },
          },
        },
        async (request, reply) => {
          const valid = validateTokenInput(request.body);
          if (!valid.ok) throw problem.badRequest(valid.error.message, valid.error.champ);
          const p = userPrincipal(request);
          const created = await createApiToken(
            ctx.db,
            { ...valid.value, createdBy: p.userId },
            actorOf(p),
            ctx.clock(),
          );
          return reply.status(201).send({ id: created.id, jeton: created.secret });
        },
      );

      app.delete(
        '/api/v1/admin/jetons/:id',
        {
          config: { access: access.roles(['admin']) },
          schema: {
            tags: ['administration'],
            summary: "Révoquer un jeton d'API",
            params: z.object({ id: z.string() }),
          },
        },
        async (request, reply) => {
          const p = userPrincipal(request);
          const found = await revokeApiToken(ctx.db, request.params.id, actorOf(p), ctx.clock());
          if (!found) throw problem.notFound("Aucun jeton d'API ne porte cet identifiant.", 'id');
          return reply.status(204).send();
        },
      );

      /* ---------------------------------------------------------------- users */
      app.get(
        '/api/v1/utilisateurs',
        {
          config: { access: access.roles(['admin', 'gestionnaire']) },
          schema: {
            tags: ['administration'],
            summary: 'Utilisateurs visibles (administrateur : tous ; gestionnaire : ceux de son territoire)',
            response: { 200: z.object({ utilisateurs: z.array(utilisateurAdminSchema) }) },
          },
        },
        async (request) => {
          const p = userPrincipal(request);
          const list = await listUsers(ctx.db, p, ctx.contains);
          return {
            utilisateurs: list.map((u) => ({
              ...utilisateurDto(u),
              creeLe: u.createdAt.toISOString(),
              desactiveLe: u.disabledAt?.toISOString() ?? null,
            })),
          };
        },
      );

      app.post(
        '/api/v1/utilisateurs',
        {
          config: { access: access.roles(['admin', 'gestionnaire']) },
          schema: {
            tags: ['administration'],
            summary: 'Créer un utilisateur avec un rôle sur un périmètre',
            body: z.object({
              email: z.string().max(320),
              nom: z.string().max(200).nullish(),
              role: z.string().max(40),
              perimetre: z.string().max(120).optional(),
            }),
            response: { 201: z.object({ utilisateur: utilisateurSchema }) },
          },
        },
        async (request, reply) => {
          const p = userPrincipal(request);
          const body = request.body;
          const assignment = validateAssignment(body.role, body.perimetre);
          if (!assignment.ok) throw fieldProblem(assignment.error);
          if (!isAdmin(p)) {
            const { role, scope } = assignment.value;
            if (role !== 'coordinateur' && role !== 'mediateur' && role !== 'structure') {
              throw problem.forbidden(
                `Un gestionnaire de territoire peut créer des comptes coordinateur, médiateur ou structure, pas ${ROLE_LABELS[role].toLowerCase()}.`,
              );
            }
            let target: TerritoryRef | undefined;
            if (scope.kind === 'lieu') {
              target = options.locateLieu ? await options.locateLieu(ctx.db, scope.code) : undefined;
              if (!target) throw problem.forbidden("Seul un administrateur peut rattacher ce compte à ce lieu.");
            } else if (scope.kind !== 'national') {
              target = scope;
            }
            const managed = managedTerritories(p);
            if (!target || !managed.some((m) => covers(ctx.contains, m, target))) {
              throw problem.forbidden("Ce périmètre est en dehors de votre territoire : vous ne pouvez pas y créer de compte.");
            }
          }
          const created = await createUser(
            ctx.db,
            { email: body.email, nom: body.nom ?? null, role: body.role, perimetre: body.perimetre },
            actorOf(p),
          );
          if (!created.ok) throw fieldProblem(created.error);
          return reply.status(201).send({ utilisateur: utilisateurDto(created.value) });
        },
      );

      /* ---------------------------------------------------------------- audit */
      app.get(
        '/api/v1/audit',
        {
          config: { access: access.roles(['admin']) },
          schema: {
            tags: ['administration'],
            summary: "Journal des modifications d'une entité",
            querystring: z.object({ entite: z.string().min(1).max(60), id: z.string().max(100).optional() }),
            response: { 200: z.object({ entrees: z.array(entreeSchema) }) },
          },
        },
        async (request) => {
          const entries = await listChanges(ctx.db, { entity: request.query.entite, entityId: request.query.id });
          return {
            entrees: entries.map((e) => ({
              id: e.id,
              date: e.at.toISOString(),
              acteur: { type: e.actor.kind, id: 'id' in e.actor ? e.actor.id : null },
              entite: e.entity,
              idEntite: e.entityId,
              action: e.action,
              avant: e.before,
              apres: e.after,
              source: e.source,
            })),
          };
        },
      );
    },
  };
}

/** Every authentication and user-administration route, with no lieu locator (see createAuthModule). */
export const authModule: AppModule = createAuthModule();

