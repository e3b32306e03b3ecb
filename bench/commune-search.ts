// Commune search benchmark: `npx tsx bench/commune-search.ts` prints the Markdown section (npm run bench aggregates).
import { pathToFileURL } from 'node:url';
import { buildReferential, searchCommunes, type Referential } from '../src/territory';
import { seededRandom } from '../src/platform/seeded-random';

const QUERY_COUNT = 6000;
const WARM_UP = 1000;
const SEED = 86_066;


const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '');

type Kind = 'nom exact (accents)' | 'nom sans accents' | 'préfixe 3–8 lettres' | 'faute de frappe' | 'code postal' | 'préfixe de code postal';

/** Realistic queries drawn from the data: communes picked with a bias towards populated ones, as people search. */
export function generateQueries(referential: Referential, count: number, seed = SEED): Array<{ kind: Kind; q: string }> {
  const rnd = seededRandom(seed);
  const communes = [...referential.communes.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  const populated = communes.filter((c) => (c.population ?? 0) >= 2000);
  const pick = () => {
    const pool = rnd() < 0.6 ? populated : communes;
    return pool[Math.floor(rnd() * pool.length)]!;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typo = (word: string) => {
    const chars = [...word];
    const i = Math.floor(rnd() * chars.length);
    const op = Math.floor(rnd() * 4);
    const letter = letters[Math.floor(rnd() * letters.length)]!;
    if (op === 0) chars.splice(i, 1); // deletion
    else if (op === 1) chars.splice(i, 0, letter); // insertion
    else if (op === 2) chars[i] = letter; // substitution
    else if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!]; // swap
    return chars.join('');
  };
  const queries: Array<{ kind: Kind; q: string }> = [];
  while (queries.length < count) {
    const c = pick();
    const r = rnd();
    if (r < 0.15) queries.push({ kind: 'nom exact (accents)', q: c.nom });
    else if (r < 0.3) queries.push({ kind: 'nom sans accents', q: stripAccents(c.nom).toLowerCase().replaceAll('-', ' ') });
    else if (r < 0.6) {
      const plain = stripAccents(c.nom).toLowerCase();
      queries.push({ kind: 'préfixe 3–8 lettres', q: plain.slice(0, 3 + Math.floor(rnd() * 6)) });
    } else if (r < 0.8) {
      const plain = stripAccents(c.nom).toLowerCase();
      if (plain.replace(/[^a-z]/g, '').length < 4) continue;
      queries.push({ kind: 'faute de frappe', q: typo(plain) });
    } else if (r < 0.92) {
      const cp = c.codesPostaux[0];
      if (cp) queries.push({ kind: 'code postal', q: cp });
    } else {
      const cp = c.codesPostaux[0];
      if (cp) queries.push({ kind: 'préfixe de code postal', q: cp.slice(0, 2 + Math.floor(rnd() * 3)) });
    }
  }
  return queries;
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const ms = (v: number) => v.toFixed(3).replace('.', ',');

export async function benchCommuneSearch(): Promise<{ markdown: string }> {
  // Build fresh (not the process cache) so the load time is measured here.
  const started = performance.now();
  const referential = buildReferential();
  const loadMs = performance.now() - started;

  for (const { q } of generateQueries(referential, WARM_UP, SEED + 1)) searchCommunes(referential, q);

  const queries = generateQueries(referential, QUERY_COUNT);
  const times: number[] = [];
  const byKind = new Map<Kind, number[]>();
  let empty = 0;
  const total0 = performance.now();
  for (const { kind, q } of queries) {
    const t0 = performance.now();
    const results = searchCommunes(referential, q);
    const dt = performance.now() - t0;
    if (results.length === 0) empty++;
    times.push(dt);
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(dt);
  }
  const totalMs = performance.now() - total0;
  times.sort((a, b) => a - b);
  const qps = Math.round(queries.length / (totalMs / 1000));

  const kindRows = [...byKind.entries()].map(([kind, list]) => {
    list.sort((a, b) => a - b);
    return `| ${kind} | ${list.length} | ${ms(quantile(list, 0.5))} | ${ms(quantile(list, 0.99))} | ${ms(list.at(-1)!)} |`;
  });

  const markdown = `## Recherche de communes

${referential.communes.size.toLocaleString('fr-FR')} communes, index construit au chargement du référentiel, recherche dans le processus
(\`searchCommunes\`, 10 résultats). ${queries.length.toLocaleString('fr-FR')} requêtes générées à partir des données (graine ${SEED}) :
noms avec et sans accents, préfixes de 3 à 8 lettres, fautes de frappe (suppression, insertion, substitution, inversion),
codes postaux et préfixes de codes postaux ; ${WARM_UP.toLocaleString('fr-FR')} requêtes d'échauffement non comptées.
Objectif : ≤ 5 ms par requête.

| mesure | valeur |
|---|---|
| chargement du référentiel (JSON du COG + CSV des centres + index) | ${Math.round(loadMs)} ms |
| p50 | ${ms(quantile(times, 0.5))} ms |
| p95 | ${ms(quantile(times, 0.95))} ms |
| p99 | ${ms(quantile(times, 0.99))} ms |
| max | ${ms(times.at(-1)!)} ms |
| débit (un cœur) | ${qps.toLocaleString('fr-FR')} requêtes/s |
| requêtes sans résultat | ${empty} |

| type de requête | nombre | p50 (ms) | p99 (ms) | max (ms) |
|---|---|---|---|---|
${kindRows.join('\n')}
`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchCommuneSearch()).markdown);
}
