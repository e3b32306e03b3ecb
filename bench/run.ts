// `npm run bench`: runs every benchmark and writes docs/benchmarks.md with the machine and the date.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { benchCommuneSearch } from './commune-search';
import { benchDedupQuality } from './dedup-quality';
import { benchLieuxExport } from './lieux-export';
import { benchLieuxImportDedup } from './lieux-import-dedup';
import { benchOrientation } from './orientation';
import { benchOrientationHttp } from './orientation-http';
import { benchStartup } from './startup';
import { benchWebFirstLoad } from './web-first-load';

const sections: string[] = [];
const started = new Date();

const benches: Array<[string, () => Promise<{ markdown: string }>]> = [
  ['Recherche de communes', benchCommuneSearch],
  ['Démarrage du serveur (premier et second démarrage)', benchStartup],
  ['Qualité du dédoublonnage (paires étiquetées)', benchDedupQuality],
  ['Import, validation et dédoublonnage de 100 000 lieux', benchLieuxImportDedup],
  ['Export de 100 000 lieux', benchLieuxExport],
  ['Moteur d’orientation (150 000 lieux)', benchOrientation],
  ['API d’orientation sous charge (HTTP, 60 s)', benchOrientationHttp],
  ['Premier chargement des pages publiques', benchWebFirstLoad],
];
for (const [index, [title, bench]] of benches.entries()) {
  const began = performance.now();
  process.stdout.write(`${index + 1}/${benches.length} ${title}… `);
  sections.push((await bench()).markdown);
  console.log(`${((performance.now() - began) / 1000).toFixed(1)} s`);
}

const machine = [
  `- Machine : ${cpus().length} cœurs ${cpus()[0]?.model.trim() ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} Gio de mémoire`,
  `- Système : ${osType()} ${release()}, Node.js ${process.version}`,
  `- Date : ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
].join('\n');

const doc = `# Mesures de performance

Produit par \`npm run bench\` (ne pas modifier à la main). Les objectifs sont vérifiés ici, jamais par des tests chronométrés.

${machine}

${sections.join('\n\n')}
`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
console.log('→ docs/benchmarks.md');
