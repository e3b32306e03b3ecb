/**
 * Commune contours shipped in data/contours/ (see its SOURCE.md), served as the background of the public map, and the
 * map's optional tile server. The map then works with no tile server at all.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppModule } from '../platform/http/app';
import { access } from '../platform/http/access';
import { problem } from '../platform/http/problem';
import { DEPARTEMENT_CODE_PATTERN } from './domain/codes';
import type { Referential } from './domain/referential';

/** Folder of the shipped `communes-<département>.geojson` files. */
export const CONTOURS_DIR_URL = new URL('../../data/contours/', import.meta.url);
export const MAX_CONTOUR_DEPARTEMENTS = 10;

const PUBLIC = { access: access.public };
const ONE_DAY = 'public, max-age=86400';
const JSON_TYPE = 'application/json; charset=utf-8';

interface DepartementContours {
  /** The features of the département, serialised and joined by commas (no brackets): ready to be concatenated. */
  features: string;
  count: number;
  hash: string;
}

interface SourceFeature {
  type?: unknown;
  geometry?: unknown;
  properties?: { code_insee?: unknown; nom?: unknown } | null;
}

/** Reads one file and keeps only what the map needs: geometry, code_insee, nom. */
function readDepartement(path: string): DepartementContours {
  const collection = JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown; features?: SourceFeature[] };
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`${path} : une FeatureCollection GeoJSON est attendue`);
  }
  const parts = collection.features.map((f) => {
    const code = f.properties?.code_insee;
    const nom = f.properties?.nom;
    return JSON.stringify({
      type: 'Feature',
      properties: { code_insee: typeof code === 'string' ? code : String(code ?? ''), nom: typeof nom === 'string' ? nom : '' },
      geometry: f.geometry ?? null,
    });
  });
  const features = parts.join(',');
  return { features, count: parts.length, hash: createHash('sha256').update(features).digest('base64url') };
}

/** Reads each file once, on first use, and keeps it in memory. A file added later is picked up on the next request. */
export function contoursStore(dir: URL | string = CONTOURS_DIR_URL) {
  const folder = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const cache = new Map<string, DepartementContours>();
  return {
    fileName: (code: string) => `communes-${code}.geojson`,
    /** The département's contours, or undefined when no file is shipped for it. */
    get(code: string): DepartementContours | undefined {
      const cached = cache.get(code);
      if (cached) return cached;
      const path = `${folder.replace(/\/$/, '')}/communes-${code}.geojson`;
      if (!existsSync(path)) return undefined;
      const loaded = readDepartement(path);
      cache.set(code, loaded);
      return loaded;
    },
  };
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

const departementList = z
  .union([z.string(), z.array(z.string())], { error: 'obligatoire : un ou plusieurs codes de département (ex. 86 ou 86,79).' })
  .describe(`Code(s) de département : paramètre répété ou liste séparée par des virgules (${MAX_CONTOUR_DEPARTEMENTS} au plus, ex. 86,79)`);

const contoursQuery = z.object({ departement: departementList });

const featureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(z.any())
      .describe('Une entité par commune : géométrie Polygon ou MultiPolygon (WGS84), propriétés code_insee et nom'),
  })
  .describe('GeoJSON des communes des départements demandés');

const mapConfig = z.object({
  tuiles: z.string().nullable().describe('Modèle d’adresse de tuiles raster XYZ ({z}/{x}/{y}), ou null : fond de communes seul'),
  attribution: z.string().nullable().describe('Mention à afficher pour ces tuiles'),
});

export interface ContoursModuleOptions {
  /** Folder of the contour files (tests); data/contours/ by default. */
  dir?: URL | string;
}

/** `GET /api/v1/territoires/contours` and `GET /api/v1/carte/config`: everything the public map needs. */
export function contoursModule(referential: Referential, options: ContoursModuleOptions = {}): AppModule {
  const store = contoursStore(options.dir);
  /** One département's body as bytes ready to send (what the web map asks for); sets of several are built per request. */
  const bodies = new Map<string, Buffer>();

  /** "86,79" or ?departement=86&departement=79 → ["79", "86"] (sorted and deduplicated: one ETag per set). */
  function parseDepartements(value: string | string[]): string[] {
    const codes = [...new Set((Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim().toUpperCase()))].filter(
      (v) => v !== '',
    );
    if (codes.length === 0) throw problem.badRequest('obligatoire : un ou plusieurs codes de département (ex. 86 ou 86,79).', 'departement');
    if (codes.length > MAX_CONTOUR_DEPARTEMENTS) {
      throw problem.badRequest(`${MAX_CONTOUR_DEPARTEMENTS} départements au plus par demande (${codes.length} demandés).`, 'departement');
    }
    for (const code of codes) {
      if (!DEPARTEMENT_CODE_PATTERN.test(code)) {
        throw problem.badRequest(
          `code de département invalide : « ${code.slice(0, 12)} ». Attendu : 2 chiffres, 2A, 2B ou 3 chiffres pour l’outre-mer (ex. 86, 2A, 974).`,
          'departement',
        );
      }
      if (!referential.departements.has(code)) throw problem.badRequest(`Aucun département ne porte le code ${code}.`, 'departement');
    }
    return codes.sort();
  }

  return {
    name: 'territory-contours',
    routes: async (app, { ctx }) => {
      app.get(
        '/api/v1/territoires/contours',
        {
          config: PUBLIC,
          schema: {
            tags: ['territoires'],
            summary: 'Contours des communes d’un ou plusieurs départements',
            description:
              'GeoJSON (FeatureCollection) des communes des départements demandés, pour le fond de la carte publique : ' +
              'propriétés `code_insee` et `nom`, coordonnées WGS84 à 5 décimales (IGN ADMIN EXPRESS, voir ' +
              'data/contours/SOURCE.md). Seuls les départements dont le fichier est livré sont disponibles (404 sinon). ' +
              'Réponse mise en cache un jour, avec ETag ; `If-None-Match` donne 304.',
            querystring: contoursQuery,
            response: {
              200: featureCollection,
              304: z.null().describe('Inchangé depuis l’ETag envoyé'),
            },
          },
        },
        async (request, reply) => {
          const codes = parseDepartements(request.query.departement);
          const parts: DepartementContours[] = [];
          for (const code of codes) {
            const contours = store.get(code);
            if (!contours) {
              throw problem.notFound(
                `contours non disponibles pour le département ${code} : ajoutez data/contours/${store.fileName(code)}`,
                'departement',
              );
            }
            parts.push(contours);
          }
          const etag = `"${createHash('sha256')
            .update(parts.map((p, i) => `${codes[i]}:${p.hash}`).join(';'))
            .digest('base64url')
            .slice(0, 27)}"`;
          reply.header('etag', etag).header('cache-control', ONE_DAY);
          if (notModified(request, etag)) return reply.code(304).send(null);
          // Sent as bytes already serialised: a body of several megabytes never goes through the schema serialiser.
          let body = codes.length === 1 ? bodies.get(etag) : undefined;
          if (!body) {
            const features = parts.filter((p) => p.count > 0).map((p) => p.features);
            body = Buffer.from(`{"type":"FeatureCollection","features":[${features.join(',')}]}`, 'utf8');
            if (codes.length === 1) bodies.set(etag, body);
          }
          // (The type provider expects the object the 200 schema describes; these bytes are that object, serialised.)
          return reply.type(JSON_TYPE).send(body as unknown as z.infer<typeof featureCollection>);
        },
      );

      app.get(
        '/api/v1/carte/config',
        {
          config: PUBLIC,
          schema: {
            tags: ['territoires'],
            summary: 'Réglages de la carte publique',
            description:
              'Tuiles raster affichées sous les contours des communes (variables MAP_TILE_URL et MAP_TILE_ATTRIBUTION). ' +
              'Sans tuiles configurées, la carte n’a que le fond des communes et ne contacte aucun autre serveur.',
            response: { 200: mapConfig },
          },
        },
        async (_request, reply) => {
          reply.header('cache-control', 'public, max-age=3600');
          return { tuiles: ctx.config.map.tileUrl, attribution: ctx.config.map.tileAttribution };
        },
      );
    },
  };
}
