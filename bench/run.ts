// `npm run bench`: runs every benchmark and writes docs/benchmarks.md with the machine and the date.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { benchCommuneSearch } from './commune-search';
import { benchStartup } from './startup';

const sections: string[] = [];
const started = new Date();

console.log('1/2 Recherche de communes…');
sections.push((await benchCommuneSearch()).markdown);
console.log('2/2 Démarrage du serveur (premier et second démarrage)…');
sections.push((await benchStartup()).markdown);

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
