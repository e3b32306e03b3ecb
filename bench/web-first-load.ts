/**
 * Public first load: the JavaScript (gzipped) a browser downloads to show each public page, from the production build.
 * `npx tsx bench/web-first-load.ts` prints the Markdown section (npm run bench aggregates). Reads Vite's manifest:
 * a page = the entry chunk and its static imports, plus the page's lazy route chunk and its static imports.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
// @ts-expect-error plain ESM script without types
import { ensureWebBuilt } from '../bin/web-build.mjs';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const DIST = new URL('../web/dist/', import.meta.url);
const BUDGET_KB = 250;

/** Public pages and the source module of their lazy chunk (null: the entry alone). */
const PAGES: Array<[string, string | null]> = [
  ['Accueil (recherche)', null],
  ['Parcours en 4 étapes', 'src/orientation/OrientationPage.tsx'],
  ['Résultats (liste)', 'src/orientation/ResultsPage.tsx'],
  ['Fiche publique d’un lieu', 'src/orientation/PublicLieuPage.tsx'],
  ['Fiche d’orientation', 'src/orientation/fiche/FichePage.tsx'],
];
/** Loaded later, on demand: measured, outside the budget. */
const LATER: Array<[string, string]> = [['Carte des résultats (au clic sur « Carte »)', 'src/orientation/ResultsMap.tsx']];

const gzipKb = (file: string) => gzipSync(readFileSync(new URL(file, DIST))).length / 1024;

export async function benchWebFirstLoad(): Promise<{ markdown: string }> {
  await ensureWebBuilt({ quiet: true });
  const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', DIST), 'utf8')) as Record<string, Chunk>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entryKey) throw new Error('Manifeste Vite sans point d’entrée');
  /** A chunk and everything it imports statically (keys). */
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    if (into.has(key) || !manifest[key]) return into;
    into.add(key);
    for (const imported of manifest[key]!.imports ?? []) closure(imported, into);
    return into;
  };
  const sizeOf = (keys: Set<string>) => [...keys].reduce((sum, k) => sum + gzipKb(manifest[k]!.file), 0);
  const first = closure(entryKey);
  const rows: string[] = [];
  let worst = 0;
  for (const [label, module] of PAGES) {
    const keys = new Set(first);
    if (module) {
      if (!manifest[module]) throw new Error(`Page absente du manifeste : ${module}`);
      closure(module, keys);
    }
    const kb = sizeOf(keys);
    worst = Math.max(worst, kb);
    rows.push(`| ${label} | ${kb.toFixed(0)} Kio | ≤ ${BUDGET_KB} Kio ${kb <= BUDGET_KB ? '✅' : '❌'} |`);
  }
  for (const [label, module] of LATER) {
    if (!manifest[module]) {
      rows.push(`| ${label} | (absente de cette version) | |`);
      continue;
    }
    const extra = [...closure(module)].filter((k) => !first.has(k));
    rows.push(`| ${label} | + ${sizeOf(new Set(extra)).toFixed(0)} Kio | chargée plus tard |`);
  }
  const markdown = `## Premier chargement des pages publiques (JavaScript compressé gzip)

Construction de production (\`web/dist\`), manifeste de Vite : le point d’entrée et ses imports statiques, plus le
morceau de la page demandée et ses imports statiques ; compression gzip par défaut de Node.js. Page la plus lourde :
${worst.toFixed(0)} Kio.

| page | JavaScript gzip | objectif |
|---|---|---|
${rows.join('\n')}`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchWebFirstLoad()).markdown);
}
