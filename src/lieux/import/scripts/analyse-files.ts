/**
 * Analyses import files and prints the figures: rows, accepted, rejected by reason, flags, time.
 * Usage: npx tsx src/lieux/import/scripts/analyse-files.ts <file> [<file>…]   (e.g. the national files in /work/shared/data)
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getReferential } from '../../../territory/index';
import { analyseImport } from '../analyse';
import { isFileError } from '../types';

const referential = getReferential();
const top = (counts: Map<string, number>, n = 12) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
const generic = (reason: string) => reason.replace(/«[^»]*»/g, '«…»').replace(/Détail : .*/, 'Détail : …').slice(0, 160);

for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const started = performance.now();
  const result = analyseImport(bytes, { source: basename(file), defaultDateMaj: '2022-12-01' }, referential);
  const ms = performance.now() - started;
  if (isFileError(result)) {
    console.log(`${file}: ${result.reason}`);
    continue;
  }
  const reasons = new Map<string, number>();
  for (const r of result.rejected) reasons.set(`${r.field} — ${generic(r.reason)}`, (reasons.get(`${r.field} — ${generic(r.reason)}`) ?? 0) + 1);
  const warnings = new Map<string, number>();
  for (const r of result.accepted) for (const w of r.warnings) warnings.set(`${w.field} — ${generic(w.reason).replace(/\(.*?\)/g, '(…)')}`, (warnings.get(`${w.field} — ${generic(w.reason).replace(/\(.*?\)/g, '(…)')}`) ?? 0) + 1);
  const flags = {
    outsideDepartement: result.accepted.filter((r) => r.flags.outsideDepartement).length,
    approximate: result.accepted.filter((r) => r.flags.approximate).length,
    codeInseeFromPostcode: result.accepted.filter((r) => r.flags.codeInseeDerived === 'postcode').length,
    codeInseeFromCoordinates: result.accepted.filter((r) => r.flags.codeInseeDerived === 'coordinates').length,
  };
  console.log(`\n## ${basename(file)} (${result.format})`);
  console.log(`rows ${result.total}, accepted ${result.accepted.length}, rejected ${result.rejected.length}, ${Math.round(ms)} ms`);
  console.log('flags', flags);
  console.log('rejected by reason:');
  for (const [k, v] of top(reasons)) console.log(`  ${v}  ${k}`);
  console.log('warnings on accepted rows:');
  for (const [k, v] of top(warnings)) console.log(`  ${v}  ${k}`);
  if (result.warnings.length > 0) console.log('file warnings:', result.warnings.map((w) => w.reason));
}
