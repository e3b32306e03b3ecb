import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Role, TerritoryContainment, TerritoryRef } from '../auth/principal';
import { problem } from './problem';

/**
 * The access policy every route declares in its `config.access`. A route without one cannot be registered.
 * - public: anyone, signed in or not;
 * - authenticated: any signed-in person (not API tokens unless `tokenScope` is set);
 * - roles: one of the roles, and, when `territory` is given, on a scope that contains the target territory.
 *   Machine clients (API tokens) pass only when the route names a `tokenScope` they hold.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | {
      kind: 'roles';
      roles: readonly Role[];
      territory?: (request: FastifyRequest) => TerritoryRef | undefined;
      tokenScope?: string;
    };

export const access = {
  public: { kind: 'public' } as Access,
  authenticated: { kind: 'authenticated' } as Access,
  roles: (
    roles: readonly Role[],
    options: { territory?: (request: FastifyRequest) => TerritoryRef | undefined; tokenScope?: string } = {},
  ): Access => ({ kind: 'roles', roles, ...options }),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403 };

/** Pure decision: may this principal call a route with this policy on this target? */
export function decide(
  policy: Access,
  principal: Principal | null,
  target: TerritoryRef | undefined,
  contains: TerritoryContainment,
): Decision {
  if (policy.kind === 'public') return { allowed: true };
  if (!principal) return { allowed: false, status: 401 };
  if (principal.kind === 'api_token') {
    if (policy.kind !== 'roles' || !policy.tokenScope || !principal.scopes.includes(policy.tokenScope)) {
      return { allowed: false, status: 403 };
    }
    if (!target || principal.territories.length === 0) return { allowed: true };
    return principal.territories.some((t) => contains(t, target)) ? { allowed: true } : { allowed: false, status: 403 };
  }
  if (policy.kind === 'authenticated') return { allowed: true };
  const ok = principal.assignments.some((a) => {
    if (!policy.roles.includes(a.role)) return false;
    if (a.scope.kind === 'national') return true;
    if (policy.territory === undefined) return true;
    if (!target || a.scope.kind === 'lieu') return false;
    return contains(a.scope, target);
  });
  return ok ? { allowed: true } : { allowed: false, status: 403 };
}

/**
 * Installs the policy check. Registration fails for a route without `config.access`, so no route can be forgotten.
 * `routes` collects every route with its policy, for the authorisation matrix test and the docs.
 */
export function installAccessControl(
  app: FastifyInstance,
  options: {
    resolvePrincipal: (request: FastifyRequest) => Promise<Principal | null>;
    contains: TerritoryContainment;
    /** Routes served by plugins we do not write (static files, OpenAPI UI): their policy is public. */
    isPublicInfrastructure: (url: string) => boolean;
  },
): Array<{ method: string; url: string; access: Access }> {
  const routes: Array<{ method: string; url: string; access: Access }> = [];
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let policy = route.config?.access;
    if (!policy && options.isPublicInfrastructure(route.url)) {
      policy = access.public;
      route.config = { ...route.config, access: policy };
    }
    if (!policy) {
      throw new Error(`La route ${methods.join(',')} ${route.url} ne déclare pas de politique d'accès (config.access)`);
    }
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access: policy });
  });

  app.addHook('onRequest', async (request) => {
    request.principal = await options.resolvePrincipal(request);
  });

  app.addHook('preHandler', async (request) => {
    if (request.is404) return;
    const policy = request.routeOptions.config.access;
    if (!policy) throw problem.forbidden();
    const target = policy.kind === 'roles' ? policy.territory?.(request) : undefined;
    const decision = decide(policy, request.principal, target, options.contains);
    if (!decision.allowed) throw decision.status === 401 ? problem.unauthorized() : problem.forbidden();
    assertCsrf(request);
  });

  return routes;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie session must prove each state-changing request with its CSRF token (header, or `_csrf` form field). */
function assertCsrf(request: FastifyRequest) {
  const principal = request.principal;
  if (SAFE_METHODS.has(request.method) || principal?.kind !== 'user') return;
  const body = request.body as Record<string, unknown> | undefined;
  const sent = request.headers['x-csrf-token'] ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
  if (sent !== principal.csrfToken) {
    throw problem.forbidden('Jeton anti-CSRF absent ou invalide : rechargez la page et recommencez.');
  }
}
