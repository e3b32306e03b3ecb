/**
 * Who may show Maillage inside a frame. Safe by default: no page can be framed (clickjacking), except the embeddable
 * search widget (`/widget`, docs/widget.md), which any site may frame unless WIDGET_FRAME_ANCESTORS lists the sites.
 *
 * Framing headers only matter on the framed document: the scripts, styles and fonts the widget loads are subresources,
 * never checked against frame-ancestors, so they keep the default headers.
 */
import type { FastifyInstance } from 'fastify';

/** The only path that may be framed (with or without a trailing slash, any query). */
export function isWidgetPath(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path === '/widget' || path === '/widget/';
}

/** A CSP source: a scheme (https:), or a host with optional scheme, `*.` wildcard, port and path. No quotes, no `;`. */
const SOURCE = /^(?:https?:|(?:https?:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?(?:\/[\w./~%-]*)?)$/i;

/**
 * WIDGET_FRAME_ANCESTORS → the source list of the widget's `frame-ancestors` directive.
 * Empty or `*`: any site. Otherwise sources separated by spaces or commas (e.g. `https://www.poitiers.fr https://*.grandpoitiers.fr`);
 * Maillage itself ('self') is always added, for the preview of the /integrer page.
 */
export function parseFrameAncestors(value: string | undefined): string {
  const sources = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (sources.length === 0 || sources.includes('*')) return '*';
  for (const source of sources) {
    if (source !== "'self'" && !SOURCE.test(source)) {
      throw new Error(
        `WIDGET_FRAME_ANCESTORS invalide : « ${source} » n'est pas une adresse de site (attendu : * ou des adresses comme https://www.ma-commune.fr, séparées par des espaces).`,
      );
    }
  }
  return ["'self'", ...new Set(sources.filter((s) => s !== "'self'"))].join(' ');
}

/** Adds the framing headers to every response (pages, API, files): DENY, except the widget page. */
export function installFramingPolicy(app: FastifyInstance, widgetAncestors: string): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const widget = isWidgetPath(request.url);
    const directive = `frame-ancestors ${widget ? widgetAncestors : "'none'"}`;
    const existing = reply.getHeader('content-security-policy');
    if (typeof existing === 'string' && existing.trim() !== '') {
      if (!/frame-ancestors/i.test(existing)) reply.header('content-security-policy', `${existing}; ${directive}`);
    } else reply.header('content-security-policy', directive);
    // X-Frame-Options for old browsers that ignore frame-ancestors; it has no "these sites" value that works, so the widget goes without.
    if (widget) reply.removeHeader('x-frame-options');
    else reply.header('x-frame-options', 'DENY');
    return payload;
  });
}
