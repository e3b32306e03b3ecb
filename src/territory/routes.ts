import { z } from 'zod';
import type { AppModule } from '../platform/http/app';
import { problem } from '../platform/http/problem';
import { COMMUNE_CODE_PATTERN, DEPARTEMENT_CODE_PATTERN, EPCI_SIREN_PATTERN } from './domain/codes';
import type { Referential } from './domain/referential';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './domain/search';

const TAGS = ['territoires'];
const PUBLIC = { access: { kind: 'public' as const } };

const communeCode = z
  .string()
  .regex(COMMUNE_CODE_PATTERN, {
    error: 'code commune INSEE invalide : 5 caractères attendus, des chiffres ou 2A/2B suivis de 3 chiffres (ex. 86066, 2A004).',
  })
  .describe('Code INSEE de la commune (5 caractères, ex. 86066 ou 2A004)');
const epciSiren = z
  .string()
  .regex(EPCI_SIREN_PATTERN, { error: "SIREN d'EPCI invalide : 9 chiffres attendus (ex. 200070035)." })
  .describe("SIREN de l'EPCI (9 chiffres)");
const departementCode = z
  .string()
  .regex(DEPARTEMENT_CODE_PATTERN, {
    error: 'code de département invalide : 2 chiffres, 2A, 2B ou 3 chiffres pour l’outre-mer attendus (ex. 86, 2A, 974).',
  })
  .describe('Code du département (ex. 86, 2A, 974)');

const searchQuery = z.object({
  q: z
    .string({ error: 'obligatoire : tapez un nom de commune ou un code postal.' })
    .trim()
    .min(1, { error: 'obligatoire : tapez un nom de commune ou un code postal.' })
    .max(100, { error: 'la recherche ne doit pas dépasser 100 caractères.' })
    .describe('Nom de commune (accents, majuscules et tirets indifférents, fautes légères tolérées) ou code postal (2 à 5 chiffres)'),
  limite: z.coerce
    .number({ error: `la limite doit être un nombre entier entre 1 et ${MAX_SEARCH_LIMIT}.` })
    .int({ error: `la limite doit être un nombre entier entre 1 et ${MAX_SEARCH_LIMIT}.` })
    .min(1, { error: `la limite doit être un nombre entier entre 1 et ${MAX_SEARCH_LIMIT}.` })
    .max(MAX_SEARCH_LIMIT, { error: `la limite doit être un nombre entier entre 1 et ${MAX_SEARCH_LIMIT}.` })
    .default(DEFAULT_SEARCH_LIMIT)
    .describe(`Nombre maximal de résultats (${DEFAULT_SEARCH_LIMIT} par défaut, ${MAX_SEARCH_LIMIT} au plus)`),
});

const codeNom = z.object({ code: z.string(), nom: z.string() });
const communeResume = z.object({
  code: z.string(),
  nom: z.string(),
  departement: z.string(),
  codesPostaux: z.array(z.string()),
  population: z.number().int().nullable(),
});
const communeDetail = z.object({
  code: z.string(),
  nom: z.string(),
  departement: codeNom,
  region: codeNom,
  epci: z.object({ siren: z.string(), nom: z.string() }).nullable(),
  population: z.number().int().nullable(),
  codesPostaux: z.array(z.string()),
  centre: z
    .object({ lat: z.number(), lon: z.number() })
    .describe('Centre de la commune (geo.api.gouv.fr, contour IGN ADMIN EXPRESS) : ce n’est pas la mairie'),
});
const epciDetail = z.object({
  siren: z.string(),
  nom: z.string(),
  type: z.string().describe('CC, CA, CU, METRO ou MET69'),
  population: z.number().int().describe('Somme des populations municipales des communes membres'),
  departements: z.array(codeNom),
  communes: z.array(z.object({ code: z.string(), nom: z.string(), population: z.number().int().nullable() })),
});
const departementDetail = z.object({
  code: z.string(),
  nom: z.string(),
  region: codeNom,
  population: z.number().int(),
  nombreCommunes: z.number().int(),
  epci: z.array(
    z.object({
      siren: z.string(),
      nom: z.string(),
      nombreCommunes: z.number().int().describe("Communes de l'EPCI, tous départements confondus"),
      population: z.number().int(),
      entierementDansLeDepartement: z.boolean(),
    }),
  ),
});

/** Public read-only API of the territory referential, answered from memory. */
export function territoryModule(referential: Referential): AppModule {
  const regionOf = (code: string) => ({ code, nom: referential.regions.get(code)?.nom ?? code });
  const departementOf = (code: string) => ({ code, nom: referential.departements.get(code)?.nom ?? code });

  return {
    name: 'territory',
    routes: async (app) => {
      app.get(
        '/api/v1/territoires/communes',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Rechercher une commune',
            description:
              'Recherche par nom (accents, majuscules, tirets et apostrophes indifférents ; « st » vaut « saint » ; ' +
              'préfixes et petites fautes de frappe acceptés) ou par code postal. Classement : nom exact, puis début ' +
              'du nom, puis correspondance approchée ; à égalité, la commune la plus peuplée d’abord.',
            querystring: searchQuery,
            response: { 200: z.object({ resultats: z.array(communeResume) }) },
          },
        },
        async (request) => ({
          resultats: referential.searchIndex.search(request.query.q, { limit: request.query.limite }),
        }),
      );

      app.get(
        '/api/v1/territoires/communes/:code',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Fiche d’une commune',
            description: 'Commune par son code INSEE : département, région, EPCI, population, codes postaux et centre.',
            params: z.object({ code: communeCode }),
            response: { 200: communeDetail },
          },
        },
        async (request) => {
          const { code } = request.params;
          const c = referential.communes.get(code);
          if (!c) throw problem.notFound(`Aucune commune ne porte le code INSEE ${code}.`, 'code');
          const epci = c.epci ? referential.epci.get(c.epci) : undefined;
          return {
            code: c.code,
            nom: c.nom,
            departement: departementOf(c.departement),
            region: regionOf(c.region),
            epci: epci ? { siren: epci.siren, nom: epci.nom } : null,
            population: c.population,
            codesPostaux: c.codesPostaux,
            centre: { lat: c.lat, lon: c.lon },
          };
        },
      );

      app.get(
        '/api/v1/territoires/epci/:siren',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Fiche d’un EPCI',
            description: 'EPCI à fiscalité propre par son SIREN, avec ses communes membres et sa population totale.',
            params: z.object({ siren: epciSiren }),
            response: { 200: epciDetail },
          },
        },
        async (request) => {
          const { siren } = request.params;
          const e = referential.epci.get(siren);
          if (!e) throw problem.notFound(`Aucun EPCI ne porte le SIREN ${siren}.`, 'siren');
          return {
            siren: e.siren,
            nom: e.nom,
            type: e.type,
            population: e.population,
            departements: e.departements.map(departementOf),
            communes: e.communes.map((code) => {
              const c = referential.communes.get(code)!;
              return { code: c.code, nom: c.nom, population: c.population };
            }),
          };
        },
      );

      app.get(
        '/api/v1/territoires/departements/:code',
        {
          config: PUBLIC,
          schema: {
            tags: TAGS,
            summary: 'Fiche d’un département',
            description:
              'Département avec sa région et ses EPCI (un EPCI à cheval sur plusieurs départements figure dans chacun).',
            params: z.object({ code: departementCode }),
            response: { 200: departementDetail },
          },
        },
        async (request) => {
          const { code } = request.params;
          const d = referential.departements.get(code);
          if (!d) throw problem.notFound(`Aucun département ne porte le code ${code}.`, 'code');
          return {
            code: d.code,
            nom: d.nom,
            region: regionOf(d.region),
            population: d.population,
            nombreCommunes: d.communes.length,
            epci: d.epci.map((siren) => {
              const e = referential.epci.get(siren)!;
              return {
                siren: e.siren,
                nom: e.nom,
                nombreCommunes: e.communes.length,
                population: e.population,
                entierementDansLeDepartement: e.departements.length === 1,
              };
            }),
          };
        },
      );
    },
  };
}
