/**
 * The reliability dashboard as an Excel workbook (exceljs): the figures with their targets, the evolution month by
 * month, one sheet per month with the lieux counted at its end, the lieux to check, the consultations per lieu.
 * French headers; INSEE codes and ids as text; dates as Paris calendar days.
 */
import ExcelJS from 'exceljs';
import { parisDate } from '../orientation';
import { CONFIRMED_WITHIN_MONTHS, STRUCTURE_WITHIN_MONTHS } from '../lieux';
import {
  confirmedFigure,
  consultationsOf,
  consultationTotals,
  idsBehind,
  lieuxOf,
  structureFigure,
  type Figure,
  type LieuFacts,
  type Reliability,
  type Snapshot,
} from './domain/reliability';
import type { SelectedTerritory } from '../territory';

const PERCENT = '0.0 %';
const DAY = 'dd/mm/yyyy';
const TEXT = '@';

/** `fiabilite-departement-86-2026-12-01.xlsx` */
export const workbookName = (territory: SelectedTerritory, now: Date) => `fiabilite-${territory.kind}-${territory.code}-${parisDate(now)}.xlsx`;

/** A Paris calendar day as Excel reads it (a date without time nor timezone). */
function excelDay(instant: Date | null): Date | null {
  if (!instant) return null;
  const [y, m, d] = parisDate(instant).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
const yesNo = (value: boolean | null) => (value === null ? 'sans objet' : value ? 'Oui' : 'Non');

interface Column {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

function sheet(workbook: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

const LIEU_COLUMNS: Column[] = [
  { header: 'Lieu', key: 'nom', width: 42 },
  { header: 'Identifiant', key: 'id', width: 16, numFmt: TEXT },
  { header: 'Commune', key: 'commune', width: 24 },
  { header: 'Code INSEE', key: 'codeInsee', width: 12, numFmt: TEXT },
];
const lieuCells = (l: LieuFacts) => ({ nom: l.nom, id: l.id, commune: l.commune, codeInsee: l.codeInsee ?? '' });

function figureRow(label: string, f: Figure, months: number) {
  return { indicateur: `${label} (${months} mois)`, valeur: f.part, nombre: f.nombre, total: f.total, cible: f.cible, atteinte: yesNo(f.atteinte) };
}

export async function reliabilityWorkbook(r: Reliability, territory: { niveau: string; code: string; nom: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Maillage';
  workbook.created = r.facts.now;

  // ---- Figures ----
  const figures = sheet(workbook, 'Indicateurs', [
    { header: 'Indicateur', key: 'indicateur', width: 58 },
    { header: 'Valeur', key: 'valeur', width: 12 },
    { header: 'Lieux concernés', key: 'nombre', width: 16 },
    { header: 'Lieux comptés', key: 'total', width: 15 },
    { header: 'Objectif', key: 'cible', width: 10, numFmt: PERCENT },
    { header: 'Objectif atteint', key: 'atteinte', width: 16 },
  ]);
  const confirmed = figures.addRow(figureRow('Part des lieux confirmés', confirmedFigure(r.current), CONFIRMED_WITHIN_MONTHS));
  const structure = figures.addRow(figureRow('Part des lieux mis à jour par leur structure', structureFigure(r.current), STRUCTURE_WITHIN_MONTHS));
  for (const row of [confirmed, structure]) row.getCell('valeur').numFmt = PERCENT;
  const totals = consultationTotals(r);
  const counts: Array<[string, number | null, number | null]> = [
    ['Lieux comptés (ouverts ou fermés temporairement)', r.current.lieux.length, r.current.lieux.length],
    ['Lieux à vérifier (personne ne les a confirmés depuis 6 mois)', r.stale.length, r.stale.length],
    ['Signalements d’erreur en attente', r.facts.reports.open.count, r.facts.reports.open.lieuIds.length],
    ['Signalements traités pendant la période', r.facts.reports.resolved.count, r.facts.reports.resolved.lieuIds.length],
    ['Délai médian de traitement des signalements (heures)', r.facts.reports.medianHoursToResolve, null],
    ['Vues des fiches publiques pendant la période', totals.pages, null],
    ['Apparitions dans les résultats d’orientation pendant la période', totals.resultats, null],
  ];
  for (const [indicateur, valeur, nombre] of counts) figures.addRow({ indicateur, valeur, nombre, total: r.current.lieux.length });
  figures.addRow({});
  const about: Array<[string, string]> = [
    ['Territoire', `${territory.nom} (${territory.niveau} ${territory.code})`],
    ['Calculé le', new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(r.facts.now)],
    ['Période (consultations, signalements traités)', `du ${r.facts.period.du} au ${r.facts.period.au}`],
  ];
  if (r.facts.simulated) about.push(['Attention', 'Ces chiffres comprennent des données simulées (année de démonstration générée).']);
  for (const [indicateur, valeur] of about) figures.addRow({ indicateur, valeur });

  // ---- Evolution ----
  const evolution = sheet(workbook, 'Évolution', [
    { header: 'Mois', key: 'mois', width: 10, numFmt: TEXT },
    { header: 'Lieux comptés', key: 'lieux', width: 15 },
    { header: `Confirmés (${CONFIRMED_WITHIN_MONTHS} mois)`, key: 'confirmes', width: 18 },
    { header: 'Part confirmés', key: 'partConfirmes', width: 16, numFmt: PERCENT },
    { header: 'Objectif confirmés', key: 'cibleConfirmes', width: 18, numFmt: PERCENT },
    { header: `Mis à jour par la structure (${STRUCTURE_WITHIN_MONTHS} mois)`, key: 'structure', width: 34 },
    { header: 'Part mis à jour par la structure', key: 'partStructure', width: 30, numFmt: PERCENT },
    { header: 'Objectif structure', key: 'cibleStructure', width: 18, numFmt: PERCENT },
  ]);
  for (const m of r.months) {
    const c = confirmedFigure(m);
    const s = structureFigure(m);
    evolution.addRow({ mois: m.mois, lieux: m.lieux.length, confirmes: c.nombre, partConfirmes: c.part, cibleConfirmes: c.cible, structure: s.nombre, partStructure: s.part, cibleStructure: s.cible });
  }

  // ---- One sheet per month: the lieux counted at its end ----
  const monthSheet = (m: Snapshot & { mois: string }) => {
    const ws = sheet(workbook, m.mois, [
      ...LIEU_COLUMNS,
      { header: `Confirmé (${CONFIRMED_WITHIN_MONTHS} mois)`, key: 'confirme', width: 18 },
      { header: `Mis à jour par sa structure (${STRUCTURE_WITHIN_MONTHS} mois)`, key: 'structure', width: 34 },
    ]);
    const confirmes = new Set(m.confirmes);
    const parStructure = new Set(m.structure);
    for (const l of lieuxOf(r, m.lieux)) ws.addRow({ ...lieuCells(l), confirme: yesNo(confirmes.has(l.id)), structure: yesNo(parStructure.has(l.id)) });
  };
  for (const m of r.months) monthSheet(m);

  // ---- Stale list and consultations ----
  const consultationColumns: Column[] = [
    { header: 'Vues de la fiche', key: 'pages', width: 16 },
    { header: 'Apparitions dans les résultats', key: 'resultats', width: 28 },
  ];
  const stale = sheet(workbook, 'À vérifier', [
    ...LIEU_COLUMNS,
    { header: 'Dernière confirmation', key: 'confirmation', width: 20, numFmt: DAY },
    { header: 'Dans le registre depuis', key: 'creation', width: 22, numFmt: DAY },
    ...consultationColumns,
  ]);
  for (const l of r.stale) stale.addRow({ ...lieuCells(l), confirmation: excelDay(l.confirmedAt), creation: excelDay(l.createdAt), ...consultationsOf(r, l.id) });

  const consultations = sheet(workbook, 'Consultations', [...LIEU_COLUMNS, ...consultationColumns]);
  const consulted = new Set(idsBehind(r, 'consultes'));
  const ordered = [...idsBehind(r, 'consultes'), ...r.current.lieux.filter((id) => !consulted.has(id))];
  for (const l of lieuxOf(r, ordered)) consultations.addRow({ ...lieuCells(l), ...consultationsOf(r, l.id) });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
