/** `maillage import`, `maillage dedup`, `maillage export`: the registry of lieux from the command line. */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { TerritoryRef } from '../platform/auth/principal';
import { withCliContext } from '../platform/cli-context';
import { getReferential, isCommuneCode, isDepartementCode, isEpciSiren, isRegionCode, type Referential } from '../territory';
import { csvCell } from './export/csv';
import { describeGeoJsonSummary, standardFileName, toDataInclusion, toGeoJson, toStandardCsv, toStandardJson } from './export';
import { IMPORT_FORMATS, analyseImport, isFileError, type ImportFormat } from './import';
import {
  applyImport,
  departementsWithRecords,
  exportLieux,
  listPairs,
  parisDate,
  recomputeDepartements,
  type ImportReport,
} from './service';
import type { LieuFilters } from './storage';

const CLI_ACTOR = { kind: 'cli' } as const;
const integer = new Intl.NumberFormat('fr-FR');

/**
 * A territory given on the command line: `departement:86`, `region:75`, `epci:200069854`, `commune:86194`, or a bare
 * code (5 characters: commune, 9 digits: EPCI, otherwise a département).
 */
export function parseTerritoire(referential: Referential, input: string): TerritoryRef {
  const text = input.trim().toUpperCase();
  const [prefix, rest] = text.includes(':') ? (text.split(':', 2) as [string, string]) : ['', text];
  const kind = prefix.toLowerCase();
  const check = (ok: boolean, found: boolean, label: string): void => {
    if (!ok) throw new Error(`Territoire invalide : « ${input} » n'est pas un code de ${label} valide.`);
    if (!found) throw new Error(`Territoire inconnu : aucun(e) ${label} ne porte le code ${rest}.`);
  };
  if (kind === 'region') {
    check(isRegionCode(rest), referential.regions.has(rest), 'région');
    return { kind: 'region', code: rest };
  }
  if (kind === 'epci' || (kind === '' && isEpciSiren(rest))) {
    check(isEpciSiren(rest), referential.epci.has(rest), 'EPCI');
    return { kind: 'epci', code: rest };
  }
  if (kind === 'commune' || (kind === '' && rest.length === 5)) {
    check(isCommuneCode(rest), referential.communes.has(rest), 'commune');
    return { kind: 'commune', code: rest };
  }
  if (kind === 'departement' || kind === '') {
    check(isDepartementCode(rest), referential.departements.has(rest), 'département');
    return { kind: 'departement', code: rest };
  }
  throw new Error(`Territoire invalide : « ${input} » (ex. 86, departement:86, region:75, epci:200069854, commune:86194).`);
}

function filtersFor(territory: TerritoryRef | undefined): LieuFilters {
  if (!territory) return {};
  return { [territory.kind]: territory.code };
}

/** Départements a territory spans (dedup runs per département). */
function departementsOf(referential: Referential, territory: TerritoryRef): string[] {
  switch (territory.kind) {
    case 'departement':
      return [territory.code];
    case 'region':
      return [...(referential.regions.get(territory.code)?.departements ?? [])];
    case 'epci':
      return [...(referential.epci.get(territory.code)?.departements ?? [])];
    case 'commune': {
      const dep = referential.communes.get(territory.code)?.departement;
      return dep ? [dep] : [];
    }
  }
}

function territoryLabel(referential: Referential, territory: TerritoryRef | undefined): string {
  if (!territory) return 'France';
  const name =
    territory.kind === 'commune'
      ? referential.communes.get(territory.code)?.nom
      : territory.kind === 'epci'
        ? referential.epci.get(territory.code)?.nom
        : territory.kind === 'departement'
          ? referential.departements.get(territory.code)?.nom
          : referential.regions.get(territory.code)?.nom;
  return name ?? territory.code;
}

function progressBar(label: string) {
  return new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
}

/** Default source name: the file name without extension, in lower case (letters, digits, dashes). */
export function sourceFromFileName(file: string): string {
  const stem = basename(file, extname(file))
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || 'import';
}

/** The French summary printed at the end of an import. */
export function importSummary(report: ImportReport, fileName: string): string[] {
  const n = (k: number) => integer.format(k);
  const lines = [
    `${report.simulation ? 'Simulation d’import' : 'Import'} de « ${fileName} » (source ${report.source}, format ${report.format}${report.full ? ', complet' : ', partiel'}) :`,
    `  lignes lues        : ${n(report.total)}`,
    `  acceptées          : ${n(report.accepted)}`,
    `  rejetées           : ${n(report.rejected)}`,
    `  créées             : ${n(report.created)}`,
    `  modifiées          : ${n(report.updated)}`,
    `  inchangées         : ${n(report.unchanged)}`,
  ];
  if (report.full) lines.push(`  absentes du fichier : ${n(report.absent)} (signalées, non supprimées)`);
  if (report.reappeared) lines.push(`  réapparues         : ${n(report.reappeared)}`);
  lines.push(
    `  lieux publics      : ${n(report.lieux.created)} créés, ${n(report.lieux.updated)} modifiés, ${n(report.lieux.removed)} retirés`,
  );
  if (report.conflits) {
    lines.push(
      `  conflits à examiner : ${n(report.conflits)} (valeurs modifiées dans Maillage gardées ; à décider sur la page « Conflits d’import à examiner »)`,
    );
  }
  const shown = report.rejects.slice(0, 10);
  if (shown.length > 0) {
    lines.push('', 'Lignes rejetées :');
    for (const r of shown) lines.push(`  ligne ${r.line} — ${r.field}${r.value ? ` « ${r.value} »` : ''} : ${r.reason}`);
    if (report.rejects.length > shown.length) {
      lines.push(`  … et ${n(report.rejects.length - shown.length)} autres (voir le rapport JSON avec --report)`);
    }
  }
  for (const w of report.warnings) lines.push(`Avertissement : ${w.field} : ${w.reason}`);
  return lines;
}

/** One CSV line per duplicate pair: source_a,id_a,source_b,id_b,score,explanation (RFC 4180). */
export function pairsCsv(pairs: Awaited<ReturnType<typeof listPairs>>): string {
  const lines = ['source_a,id_a,source_b,id_b,score,explanation'];
  for (const p of pairs) {
    lines.push(
      [p.a.source, p.a.sourceId, p.b.source, p.b.sourceId, p.score.toFixed(3), p.explanation].map((v) => csvCell(v)).join(','),
    );
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

export function registerLieuxCommands(program: Command, options: { referential?: () => Referential } = {}): Command {
  const referentialOf = options.referential ?? getReferential;

  program
    .command('import')
    .description('Importe un fichier de lieux (standard v1 ou v0, France Services, data·inclusion ; CSV ou JSON)')
    .argument('<fichier>', 'fichier à importer')
    .option('--source <nom>', 'nom de la source (par défaut : le nom du fichier)')
    .option('--format <format>', `format du fichier, détecté sinon (${IMPORT_FORMATS.join(', ')})`)
    .option('--report <rapport.json>', 'écrit le rapport complet (lignes rejetées comprises) dans ce fichier JSON')
    .option('--partiel', 'import partiel : les lieux de la source absents du fichier ne sont pas signalés')
    .option('--simulation', 'analyse et rapport seulement : rien n’est écrit en base')
    .action(
      async (file: string, opts: { source?: string; format?: string; report?: string; partiel?: boolean; simulation?: boolean }) => {
        await withCliContext(async (ctx) => {
          if (opts.format && !(IMPORT_FORMATS as readonly string[]).includes(opts.format)) {
            throw new Error(`Format inconnu : « ${opts.format} » (formats : ${IMPORT_FORMATS.join(', ')}).`);
          }
          let bytes: Buffer;
          try {
            bytes = await readFile(file);
          } catch (error) {
            throw new Error(`Impossible de lire le fichier « ${file} » : ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
              cause: error,
            });
          }
          const source = opts.source ?? sourceFromFileName(file);
          const referential = referentialOf();
          const analysis = analyseImport(
            new Uint8Array(bytes),
            { source, ...(opts.format ? { format: opts.format as ImportFormat } : {}), fileName: basename(file), today: parisDate(new Date()) },
            referential,
          );
          if (isFileError(analysis)) throw new Error(`Fichier illisible : ${analysis.reason}`);
          const records = progressBar('Enregistrements');
          const dedup = progressBar('Dédoublonnage   ');
          let current: 'enregistrements' | 'dedoublonnage' | null = null;
          let report: ImportReport;
          try {
            report = await applyImport(
              ctx.database.db,
              analysis,
              { source, full: !opts.partiel, actor: CLI_ACTOR, fileName: basename(file), changeSource: 'cli', simulate: !!opts.simulation },
              {
                referential,
                onProgress: ({ step, done, total }) => {
                  const bar = step === 'enregistrements' ? records : dedup;
                  if (current !== step) {
                    if (current) (current === 'enregistrements' ? records : dedup).stop();
                    current = step;
                    bar.start(total, 0);
                  }
                  bar.update(done);
                },
              },
            );
          } finally {
            records.stop();
            dedup.stop();
          }
          if (opts.report) await writeFile(opts.report, `${JSON.stringify(report, null, 2)}\n`);
          console.log(importSummary(report, basename(file)).join('\n'));
          if (opts.report) console.log(`Rapport écrit dans ${opts.report}`);
        });
      },
    );

  program
    .command('dedup')
    .description('Relance le dédoublonnage des lieux (par département) et met à jour les lieux publics')
    .option('--territoire <code>', 'département, région, EPCI ou commune (ex. 86, region:75) ; par défaut tout')
    .option('--pairs <paires.csv>', 'écrit les paires jugées doublons : source_a,id_a,source_b,id_b,score,explanation')
    .action(async (opts: { territoire?: string; pairs?: string }) => {
      await withCliContext(async (ctx) => {
        const referential = referentialOf();
        const territory = opts.territoire ? parseTerritoire(referential, opts.territoire) : undefined;
        const departements = territory ? departementsOf(referential, territory) : await departementsWithRecords(ctx.database.db);
        const bar = progressBar('Départements');
        bar.start(departements.length, 0);
        let results;
        try {
          results = await recomputeDepartements(ctx.database.db, departements, CLI_ACTOR, {
            referential,
            changeSource: 'cli',
            onProgress: (done) => bar.update(done),
          });
        } finally {
          bar.stop();
        }
        const sum = (k: 'records' | 'created' | 'updated' | 'removed' | 'pairs') => results.reduce((t, r) => t + r[k], 0);
        const pairs = (await listPairs(ctx.database.db, { verdict: 'duplicate' })).filter(
          (p) => !territory || departements.includes(p.departement ?? ''),
        );
        console.log(
          [
            `Dédoublonnage ${territory ? `de ${territoryLabel(referential, territory)}` : 'de tous les départements'} : ${departements.length} département(s)`,
            `  enregistrements examinés : ${integer.format(sum('records'))}`,
            `  paires trouvées          : ${integer.format(sum('pairs'))} (dont ${integer.format(pairs.length)} doublons, le reste à examiner)`,
            `  lieux publics            : ${integer.format(sum('created'))} créés, ${integer.format(sum('updated'))} modifiés, ${integer.format(sum('removed'))} retirés`,
          ].join('\n'),
        );
        if (opts.pairs) {
          await writeFile(opts.pairs, pairsCsv(pairs));
          console.log(`Paires jugées doublons écrites dans ${opts.pairs}`);
        }
      });
    });

  program
    .command('export')
    .description('Exporte les lieux : standard (CSV, JSON), GeoJSON ou data·inclusion')
    .requiredOption('--format <format>', 'csv, json, geojson ou data-inclusion')
    .option('--territoire <code>', 'département, région, EPCI ou commune (ex. 86, region:75)')
    .option('--source <nom>', 'seulement les lieux ayant un enregistrement de cette source')
    .option('--brut', 'les enregistrements tels qu’importés, sans dédoublonnage')
    .option('-o, --output <fichier>', 'fichier de sortie (par défaut : la sortie standard)')
    .action(async (opts: { format: string; territoire?: string; source?: string; brut?: boolean; output?: string }) => {
      await withCliContext(async (ctx) => {
        const formats = ['csv', 'json', 'geojson', 'data-inclusion'];
        if (!formats.includes(opts.format)) throw new Error(`Format inconnu : « ${opts.format} » (${formats.join(', ')}).`);
        const referential = referentialOf();
        const territory = opts.territoire ? parseTerritoire(referential, opts.territoire) : undefined;
        const filters: LieuFilters = { ...filtersFor(territory), ...(opts.source ? { source: opts.source } : {}) };
        const lieux = await exportLieux(ctx.database.db, filters, { raw: !!opts.brut, referential });
        let text: string;
        let note = '';
        if (opts.format === 'csv') text = toStandardCsv(lieux);
        else if (opts.format === 'json') text = `${toStandardJson(lieux, { pretty: true })}\n`;
        else if (opts.format === 'geojson') {
          const geo = toGeoJson(lieux);
          text = `${JSON.stringify(geo.collection)}\n`;
          note = describeGeoJsonSummary(geo.summary);
        } else {
          const { structures, services } = toDataInclusion(lieux);
          text = `${JSON.stringify({ structures, services }, null, 2)}\n`;
        }
        if (opts.output) {
          await writeFile(opts.output, text);
          const suggested = standardFileName({ date: parisDate(new Date()), territoire: territoryLabel(referential, territory) });
          console.log(`${integer.format(lieux.length)} lieu(x) exporté(s) dans ${opts.output}${note ? ` — ${note}` : ''}`);
          if (opts.format === 'csv') console.log(`Nom conseillé par le standard : ${suggested}`);
        } else {
          process.stdout.write(text);
          console.error(`${integer.format(lieux.length)} lieu(x) exporté(s)${note ? ` — ${note}` : ''}`);
        }
      });
    });

  return program;
}
