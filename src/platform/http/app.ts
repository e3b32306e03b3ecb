import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolvePrincipal } from '../auth/resolve';
import type { AppContext } from '../context';
import { installAccessControl, type Access } from './access';
import { installErrorHandling, sendNotFound } from './errors';
import { installFramingPolicy, parseFrameAncestors } from './framing';

z.config(z.locales.fr());

export interface AppModule {
  name: string;
  routes: FastifyPluginAsyncZod<{ ctx: AppContext }>;
}

export interface CreateAppOptions {
  logger?: FastifyServerOptions['logger'] | false;
  /** Folder of the built web app (web/dist), served with an SPA fallback when present. */
  webDist?: string;
  /** Sites allowed to frame the /widget page (docs/widget.md); default: WIDGET_FRAME_ANCESTORS, else any site. */
  widgetFrameAncestors?: string;
}

export interface App {
  app: FastifyInstance;
  /** Every registered route with its access policy (for the authorisation matrix test and the docs). */
  routes: Array<{ method: string; url: string; access: Access }>;
}

const PUBLIC_INFRASTRUCTURE = [/^\/api\/docs(\/|$)/, /^\/\*$/];

export async function createApp(ctx: AppContext, modules: AppModule[], options: CreateAppOptions = {}): Promise<App> {
  const widgetAncestors = parseFrameAncestors(options.widgetFrameAncestors ?? process.env.WIDGET_FRAME_ANCESTORS);
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: ctx.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Cookies are parsed before the access hook resolves who is calling (hooks run in registration order).
  await app.register(cookie);
  const routes = installAccessControl(app, {
    resolvePrincipal: (request) => resolvePrincipal(ctx.db, request, ctx.clock()),
    contains: ctx.contains,
    isPublicInfrastructure: (url) => PUBLIC_INFRASTRUCTURE.some((re) => re.test(url)),
  });
  installErrorHandling(app);
  installFramingPolicy(app, widgetAncestors);

  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'API Maillage',
        description:
          "API de Maillage : référentiel territorial, lieux de médiation numérique, orientation. Les erreurs suivent le format application/problem+json, avec un message en français et le champ en cause (`champ`).",
        version: '1',
      },
      components: {
        securitySchemes: {
          jeton: { type: 'http', scheme: 'bearer', description: "Jeton d'API créé par un administrateur" },
          session: { type: 'apiKey', in: 'cookie', name: 'maillage_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  for (const module of modules) {
    await app.register(module.routes, { ctx });
  }

  const hasWeb = !!options.webDist && existsSync(join(options.webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: options.webDist!, index: ['index.html'], wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' && !request.url.startsWith('/api/') && !!request.headers.accept?.includes('text/html');
    // The web app routes itself (and shows its own 404 page); the API answers a French problem.
    if (hasWeb && wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendNotFound(request, reply);
  });

  await app.ready();
  return { app, routes };
}
