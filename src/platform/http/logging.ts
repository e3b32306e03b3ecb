import type { FastifyServerOptions } from 'fastify';

/**
 * Request logs carry the route pattern, never the raw URL: query strings and path parameters may hold
 * e-mail addresses or secrets. Cookies and authorisation headers are never logged.
 */
export function loggerOptions(level: string, pretty: boolean): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; routeOptions?: { url?: string } }) => ({
        id: req.id,
        method: req.method,
        route: req.routeOptions?.url ?? (req.url ?? '').split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    ...(pretty ? { transport: undefined } : {}),
  };
}
