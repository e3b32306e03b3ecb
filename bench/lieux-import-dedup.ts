// Import + dedup of a 100,000-row national file: `npx tsx bench/lieux-import-dedup.ts` prints the Markdown section.
// Steps timed separately: analyseImport (decode, detect, parse, locate, validate) then runDedup (blocking, scoring,
// clusters). Target: ≤ 10 s for the two together. Memory: peak RSS sampled every 20 ms from a worker thread (the
// measured steps are synchronous and would starve a timer on the main thread), heap at each step's end.
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resourceUsage } from 'node:process';
import { Worker } from 'node:worker_threads';
import { runDedup, type DedupRecord } from '../src/lieux/dedup';
import { analyseImport, isFileError } from '../src/lieux/import';
import { loadReferential } from '../src/territory';
import { generateSyntheticLieux } from './lieux-synthetic';

const COUNT = 100_000;
const SEED = 4;
const DUPLICATE_RATE = 0.05;
const TARGET_S = 10;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} Mio`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fr = (n: number) => n.toLocaleString('fr-FR');

/** Samples the process RSS from another thread: sync work on the main thread cannot block it. */
export function startRssSampler(intervalMs = 20): { stop: () => Promise<number> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = process.memoryUsage.rss();
     const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, ${intervalMs});
     parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });`,
    { eval: true },
  );
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        worker.once('message', (peak: number) => {
          void worker.terminate();
          resolve(peak);
        });
        worker.postMessage('stop');
      }),
  };
}

export async function benchLieuxImportDedup(): Promise<{ markdown: string }> {
  const referential = await loadReferential();
  let t = performance.now();
  const set = await generateSyntheticLieux({ count: COUNT, seed: SEED, duplicateRate: DUPLICATE_RATE, referential });
  const generationMs = performance.now() - t;
  const bytes = new TextEncoder().encode(set.csv);

  global.gc?.();
  const sampler = startRssSampler();
  const heapPeaks: number[] = [];

  const cpuOf = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const load = loadavg()[0]!;
  let cpu = process.cpuUsage();
  t = performance.now();
  const analysis = analyseImport(bytes, { source: 'bench-national', fileName: 'lieux-synthetiques.csv', today: '2025-06-30' }, referential);
  const importMs = performance.now() - t;
  const importCpuMs = cpuOf(cpu);
  heapPeaks.push(process.memoryUsage().heapUsed);
  if (isFileError(analysis)) throw new Error(analysis.reason);

  const records: DedupRecord[] = analysis.accepted.map((row) => ({
    key: `${row.lieu.source ?? 'bench'}:${row.sourceId}`,
    // The synthetic rows come from several collectors (lieu.source): cross-source thresholds apply, as nationally.
    source: row.lieu.source ?? 'bench',
    sourceId: row.sourceId,
    lieu: row.lieu,
    lieuId: null,
    kind: 'import',
  }));
  cpu = process.cpuUsage();
  t = performance.now();
  const dedup = runDedup(records, []);
  const dedupMs = performance.now() - t;
  const dedupCpuMs = cpuOf(cpu);
  heapPeaks.push(process.memoryUsage().heapUsed);
  const peakRss = await sampler.stop();
  const maxRss = resourceUsage().maxRSS * 1024;

  // Recall on the known duplicates: both records in one cluster.
  const clusterOf = new Map<string, number>();
  dedup.clusters.forEach((keys, i) => keys.forEach((k) => clusterOf.set(k.slice(k.indexOf(':') + 1), i)));
  const reviewPairs = new Set(
    dedup.pairs.filter((p) => p.verdict === 'review').map((p) => [p.a, p.b].map((k) => k.slice(k.indexOf(':') + 1)).sort().join('\u0000')),
  );
  let found = 0;
  let inReview = 0;
  let lostAtImport = 0;
  for (const [a, b] of set.knownDuplicates) {
    const ca = clusterOf.get(a);
    const cb = clusterOf.get(b);
    if (ca === undefined || cb === undefined) lostAtImport++;
    else if (ca === cb) found++;
    else if (reviewPairs.has([a, b].sort().join('\u0000'))) inReview++;
  }
  const known = new Set(set.knownDuplicates.map(([a, b]) => [a, b].sort().join('\u0000')));
  const duplicatePairs = dedup.pairs.filter((p) => p.verdict === 'duplicate');
  const unexpected = duplicatePairs.filter(
    (p) => !known.has([p.a, p.b].map((k) => k.slice(k.indexOf(':') + 1)).sort().join('\u0000')),
  ).length;
  const multi = dedup.clusters.filter((c) => c.length > 1).length;

  const totalMs = importMs + dedupMs;
  const nKnown = set.knownDuplicates.length;
  const rejectedReasons = new Map<string, number>();
  for (const r of analysis.rejected) rejectedReasons.set(r.field, (rejectedReasons.get(r.field) ?? 0) + 1);
  const rejectedText =
    [...rejectedReasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([f, n]) => `${f} ${fr(n)}`)
      .join(', ') || 'aucune';

  const markdown = `## Lieux : import et dédoublonnage de ${fr(COUNT)} lignes

Fichier synthétique au standard v1 (${(bytes.length / 2 ** 20).toFixed(1)} Mio) construit à partir de ${fr(set.baseCount)} lignes réelles
(${set.baseOrigin}), déplacées dans les communes de France, dont ${fr(nKnown)} doublons connus
(graine ${SEED}, taux ${DUPLICATE_RATE * 100} %). Génération : ${seconds(generationMs)} (hors mesure).

| Étape | Durée | Temps CPU |
|---|---|---|
| \`analyseImport\` (décodage, détection, lecture, localisation, validation) | ${seconds(importMs)} | ${seconds(importCpuMs)} |
| \`runDedup\` (blocage, scores, groupes) | ${seconds(dedupMs)} | ${seconds(dedupCpuMs)} |
| **Total** (objectif ≤ ${TARGET_S} s) | **${seconds(totalMs)}** ${totalMs <= TARGET_S * 1000 ? '✅' : '❌'} | ${seconds(importCpuMs + dedupCpuMs)} |

Charge moyenne de la machine au début de la mesure : ${load.toFixed(1)} (sur une machine chargée, la durée compte aussi les autres processus ; le temps CPU, moins).

- Lignes acceptées : ${fr(analysis.accepted.length)} ; refusées : ${fr(analysis.rejected.length)} (${rejectedText}).
- Mémoire : RSS maximale ${mib(Math.max(peakRss, maxRss))} (échantillonnée toutes les 20 ms : ${mib(peakRss)}), tas après l'import ${mib(heapPeaks[0]!)}, après le dédoublonnage ${mib(heapPeaks[1]!)}.
- Doublons connus retrouvés (même groupe) : **${fr(found)} / ${fr(nKnown)}** (${((100 * found) / nKnown).toFixed(1)} %) ; proposés à l'examen : ${fr(inReview)} ; manqués : ${fr(nKnown - found - inReview - lostAtImport)} ; perdus à l'import : ${fr(lostAtImport)}.
- Paires jugées doublons hors doublons connus : ${fr(unexpected)} (sur ${fr(duplicatePairs.length)}) ; groupes de 2 lieux ou plus : ${fr(multi)}.
`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchLieuxImportDedup()).markdown);
}
