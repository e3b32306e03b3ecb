// Export of a 100,000-lieu national set: `npx tsx bench/lieux-export.ts` prints the Markdown section.
// Each format is timed from Lieu objects to the final text (serialisation included). Target: ≤ 3 s per format.
// CPU time is given next to wall time: on a loaded machine, wall time also counts other processes.
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { normaliseTelephone, type Lieu } from '../src/lieux/domain';
import { toDataInclusion, toGeoJson, toStandardCsv, toStandardJson, validateStandardCsv } from '../src/lieux/export';
import { generateSyntheticLieux } from './lieux-synthetic';

const COUNT = 100_000;
const SEED = 4;
const TARGET_S = 3;

const fr = (n: number) => n.toLocaleString('fr-FR');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} Mio`;

function timed<T>(run: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = run();
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchLieuxExport(): Promise<{ markdown: string }> {
  const set = await generateSyntheticLieux({ count: COUNT, seed: SEED });
  // The registry holds validated lieux: phones in the standard's international form.
  const lieux: Lieu[] = set.lieux.map((l) => (l.telephone ? { ...l, telephone: normaliseTelephone(l.telephone) } : l));
  const load = loadavg()[0]!;

  const rows: Array<{ format: string; wallMs: number; cpuMs: number; bytes: number; note: string }> = [];
  // Warm-up on a slice, so the first format measured does not pay for compilation alone.
  toStandardCsv(lieux.slice(0, 2000));
  toStandardJson(lieux.slice(0, 2000));

  const csv = timed(() => toStandardCsv(lieux));
  rows.push({ format: 'CSV standard v1', ...csv, bytes: Buffer.byteLength(csv.value), note: '' });
  const json = timed(() => toStandardJson(lieux));
  rows.push({ format: 'JSON standard v1', ...json, bytes: Buffer.byteLength(json.value), note: '' });
  const geo = timed(() => {
    const { collection, summary } = toGeoJson(lieux);
    return { text: JSON.stringify(collection), summary };
  });
  rows.push({
    format: 'GeoJSON',
    ...geo,
    bytes: Buffer.byteLength(geo.value.text),
    note: `${fr(geo.value.summary.exported)} points, ${fr(geo.value.summary.withoutCoordinates)} lieux sans coordonnées comptés et exclus`,
  });
  const di = timed(() => {
    const result = toDataInclusion(lieux, { source: 'maillage' });
    return { structures: JSON.stringify(result.structures), services: JSON.stringify(result.services), report: result.report };
  });
  const r = di.value.report;
  rows.push({
    format: 'data·inclusion v1 (structures + services)',
    ...di,
    bytes: Buffer.byteLength(di.value.structures) + Buffer.byteLength(di.value.services),
    note: `${fr(r.exported)} structures et services, ${fr(r.skipped.length)} lieux écartés, ${fr(r.adjusted.length)} valeurs ajustées (signalées)`,
  });
  const check = timed(() => validateStandardCsv(csv.value));

  const table = rows
    .map(
      (row) =>
        `| ${row.format} | ${(row.wallMs / 1000).toFixed(2)} s | ${(row.cpuMs / 1000).toFixed(2)} s | ${row.wallMs <= TARGET_S * 1000 ? '✅' : '❌'} | ${mib(row.bytes)} | ${row.note} |`,
    )
    .join('\n');
  const markdown = `## Lieux : export de ${fr(lieux.length)} lieux

Jeu synthétique (graine ${SEED}, construit à partir de ${fr(set.baseCount)} lignes réelles), objets \`Lieu\` en mémoire → texte final.
Objectif : ≤ ${TARGET_S} s par format. Charge moyenne de la machine pendant la mesure : ${load.toFixed(1)}.

| Format | Durée | Temps CPU | Objectif | Taille | Remarque |
|---|---|---|---|---|---|
${table}

- Contrôle du CSV produit contre \`schema.json\` (\`validateStandardCsv\`) : ${fr(check.value.rows)} lignes, ${fr(check.value.errors.length)} erreur(s), ${(check.wallMs / 1000).toFixed(2)} s.
`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchLieuxExport()).markdown);
}
