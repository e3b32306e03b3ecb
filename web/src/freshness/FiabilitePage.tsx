import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { plural } from '../lieux/format';
import { useFetched } from '../platform/useFetched';
import { OptionsSelect } from '../platform/OptionsSelect';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import { choiceParams, territoryQuery, useTerritoryChoice, type TerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import './fiabilite.css';

// ---- Shapes of GET /api/v1/fiabilite and /api/v1/fiabilite/lieux (src/freshness/reliability-routes.ts) ----------

interface Figure {
  nombre: number;
  total: number;
  part: number | null;
  cible: number;
  atteinte: boolean | null;
  mois: number;
}
interface LieuRow {
  id: string;
  nom: string;
  commune: string;
  codeInsee: string | null;
  derniereConfirmation: string | null;
  miseAJourStructure: string | null;
  enregistreLe: string;
  pages: number;
  resultats: number;
}
interface Month {
  mois: string;
  date: string;
  lieux: number;
  confirmes: number;
  structure: number;
  partConfirmes: number | null;
  partStructure: number | null;
}
interface Dashboard {
  territoire: { niveau: 'departement' | 'epci' | 'commune'; code: string; nom: string };
  calculeLe: string;
  periode: { du: string; au: string };
  simule: boolean;
  indicateurs: {
    lieux: number;
    confirmes: Figure;
    structure: Figure;
    aVerifier: number;
    signalements: { ouverts: number; lieuxAvecSignalementOuvert: number; resolus: number; delaiMedianHeures: number | null };
    consultations: { pages: number; resultats: number; lieuxConsultes: number };
  };
  evolution: Month[];
  aVerifier: LieuRow[];
  consultations: LieuRow[];
}
interface Behind {
  libelle: string;
  mois: string | null;
  nombre: number;
  lieux: LieuRow[];
}
// ---- Formatting ------------------------------------------------------------------------------------------------

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('fr-FR');
const share = (part: number | null) => (part === null ? '—' : percent.format(part));
const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const day = (iso: string | null) => (iso ? dayFormat.format(new Date(iso)) : 'jamais');
const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
const monthDate = (mois: string) => {
  const [y, m] = mois.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 15));
};
const monthName = (mois: string) => monthFormat.format(monthDate(mois));
const periodDay = (iso: string) => dayFormat.format(new Date(`${iso}T12:00:00Z`));

function hoursText(hours: number | null): string {
  if (hours === null) return 'aucun signalement traité';
  if (hours < 48) return plural(Math.round(hours), 'heure', 'heures');
  const days = Math.round((hours / 24) * 10) / 10;
  return `${days.toLocaleString('fr-FR')} jours`;
}

/** "Objectif 95 % : atteint" in words (a badge's colour only repeats it). */
function TargetStatus({ figure }: { figure: Figure }) {
  if (figure.atteinte === null) return <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Objectif {percent.format(figure.cible)} : aucun lieu compté.</p>;
  const missing = Math.max(0, Math.ceil(figure.cible * figure.total) - figure.nombre);
  return (
    <p className={fr.cx('fr-mb-1w')}>
      <Badge small severity={figure.atteinte ? 'success' : 'warning'} noIcon>
        {figure.atteinte ? 'Objectif atteint' : 'Objectif non atteint'}
      </Badge>{' '}
      <span className={fr.cx('fr-text--sm')}>
        Objectif : {percent.format(figure.cible)}
        {figure.atteinte ? '.' : ` (il manque ${plural(missing, 'lieu', 'lieux')}).`}
      </span>
    </p>
  );
}

// ---- Charts (inline SVG) with their table ----------------------------------------------------------------------

const CHART = { width: 640, height: 260, left: 52, right: 24, top: 20, bottom: 36 };

function ShareChart({ title, months, pick, target, id }: { title: string; months: Month[]; pick: (m: Month) => number | null; target: number; id: string }) {
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const x = (i: number) => CHART.left + (months.length > 1 ? (i * plotW) / (months.length - 1) : plotW / 2);
  const y = (v: number) => CHART.top + plotH * (1 - v);
  const points = months.flatMap((m, i) => {
    const v = pick(m);
    return v === null ? [] : [{ x: x(i), y: y(v), v, mois: m.mois }];
  });
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const first = points[0];
  const last = points.at(-1);
  const description = points.length
    ? `De ${percent.format(first!.v)} en ${monthName(first!.mois)} à ${percent.format(last!.v)} en ${monthName(last!.mois)} ; objectif ${percent.format(target)}. ` +
      points.map((p) => `${monthName(p.mois)} : ${percent.format(p.v)}`).join(' ; ') +
      '.'
    : 'Aucun lieu compté sur la période.';
  return (
    <figure className={`${fr.cx('fr-mb-4w')} maillage-chart-figure`} aria-labelledby={`${id}-legende`}>
      <figcaption id={`${id}-legende`} className={fr.cx('fr-text--bold', 'fr-mb-1w')}>
        {title}
      </figcaption>
      <div className="maillage-chart" tabIndex={0} role="region" aria-label={`${title} : graphique (défilement horizontal)`}>
        <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby={`${id}-titre ${id}-desc`} className="maillage-chart__svg">
          <title id={`${id}-titre`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {[0, 0.25, 0.5, 0.75, 1].map((v) => (
            <g key={v}>
              <line x1={CHART.left} x2={CHART.width - CHART.right} y1={y(v)} y2={y(v)} className="maillage-chart__grid" />
              <text x={CHART.left - 8} y={y(v) + 4} textAnchor="end" className="maillage-chart__label">
                {percent.format(v)}
              </text>
            </g>
          ))}
          {months.map((m, i) => (
            <text key={m.mois} x={x(i)} y={CHART.height - 12} textAnchor="middle" className="maillage-chart__label">
              {shortMonthFormat.format(monthDate(m.mois)).replace('.', '')}
            </text>
          ))}
          <line x1={CHART.left} x2={CHART.width - CHART.right} y1={y(target)} y2={y(target)} className="maillage-chart__target" />
          <text x={CHART.left + 8} y={y(target) - 6} className="maillage-chart__target-label">
            Objectif {percent.format(target)}
          </text>
          <path d={path} className="maillage-chart__line" />
          {points.map((p) => (
            <circle key={p.mois} cx={p.x} cy={p.y} r={4.5} className="maillage-chart__point" />
          ))}
          {last && (
            // Below the point when it sits just under the target line, so the two never overlap.
            <text x={last.x - 6} y={last.v < target && target - last.v < 0.12 ? last.y + 22 : last.y - 10} textAnchor="end" className="maillage-chart__value">
              {percent.format(last.v)}
            </text>
          )}
        </svg>
      </div>
      <p className={fr.cx('fr-text--sm', 'fr-mt-1w', 'fr-mb-0')}>
        Ligne continue : la part mesurée à la fin de chaque mois ; ligne en tirets : l’objectif. Les mêmes chiffres sont dans le{' '}
        <a href="#tableau-evolution">tableau de l’évolution</a>.
      </p>
    </figure>
  );
}

// ---- Tables ----------------------------------------------------------------------------------------------------

/** A DSFR table whose container scrolls (keyboard-focusable, named after its caption). */
function Table({ caption, head, children, id }: { caption: ReactNode; head: ReactNode; children: ReactNode; id?: string }) {
  const captionId = useId();
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered', 'fr-mb-2w')} id={id}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-labelledby={captionId}>
          <div className="fr-table__content">
            <table>
              <caption id={captionId}>{caption}</caption>
              <thead>{head}</thead>
              <tbody>{children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

type SortKey = 'nom' | 'commune' | 'confirmation' | 'consultations';
const SORTS: Array<{ key: SortKey; label: string }> = [
  { key: 'nom', label: 'Lieu' },
  { key: 'commune', label: 'Commune' },
  { key: 'confirmation', label: 'Dernière confirmation' },
  { key: 'consultations', label: 'Consultations' },
];
const compare: Record<SortKey, (a: LieuRow, b: LieuRow) => number> = {
  nom: (a, b) => a.nom.localeCompare(b.nom, 'fr'),
  commune: (a, b) => a.commune.localeCompare(b.commune, 'fr') || a.nom.localeCompare(b.nom, 'fr'),
  confirmation: (a, b) => (a.derniereConfirmation ?? '').localeCompare(b.derniereConfirmation ?? '') || a.nom.localeCompare(b.nom, 'fr'),
  consultations: (a, b) => a.pages + a.resultats - (b.pages + b.resultats) || a.nom.localeCompare(b.nom, 'fr'),
};

function StaleTable({ lieux }: { lieux: LieuRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'confirmation', ascending: true });
  const [announce, setAnnounce] = useState('');
  const rows = useMemo(() => {
    const sorted = [...lieux].sort(compare[sort.key]);
    return sort.ascending ? sorted : sorted.reverse();
  }, [lieux, sort]);
  const sortBy = (key: SortKey) => {
    const ascending = sort.key === key ? !sort.ascending : key !== 'consultations';
    setSort({ key, ascending });
    const label = SORTS.find((s) => s.key === key)!.label.toLowerCase();
    setAnnounce(`Liste triée par ${label}, ordre ${ascending ? 'croissant' : 'décroissant'}.`);
  };
  if (lieux.length === 0) return <p>Aucun lieu à vérifier : tous ont été confirmés depuis moins de 6 mois.</p>;
  return (
    <>
      <p className={fr.cx('fr-sr-only')} role="status">
        {announce}
      </p>
      <Table
        caption={`Lieux à vérifier (${number.format(lieux.length)}) — cliquez sur un titre de colonne pour trier`}
        head={
          <tr>
            {SORTS.map((s) => (
              <th key={s.key} scope="col" aria-sort={sort.key === s.key ? (sort.ascending ? 'ascending' : 'descending') : undefined}>
                <button type="button" className="maillage-sort" onClick={() => sortBy(s.key)}>
                  {s.label}
                  <span aria-hidden="true" className="maillage-sort__arrow">
                    {sort.key === s.key ? (sort.ascending ? '▲' : '▼') : '▲▼'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        }
      >
        {rows.map((l) => (
          <tr key={l.id}>
            <td className="maillage-break">
              <Link to={`/lieux/${encodeURIComponent(l.id)}`}>{l.nom || 'Lieu sans nom'}</Link>
            </td>
            <td>{l.commune}</td>
            <td>{l.derniereConfirmation ? day(l.derniereConfirmation) : `jamais (dans la carte depuis le ${day(l.enregistreLe)})`}</td>
            <td>
              {number.format(l.pages)} {l.pages > 1 ? 'vues' : 'vue'}, {number.format(l.resultats)} {l.resultats > 1 ? 'apparitions' : 'apparition'}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function LieuxTable({ caption, lieux }: { caption: string; lieux: LieuRow[] }) {
  return (
    <Table
      caption={caption}
      head={
        <tr>
          <th scope="col">Lieu</th>
          <th scope="col">Commune</th>
          <th scope="col">Dernière confirmation</th>
          <th scope="col">Mise à jour par sa structure</th>
          <th scope="col">Vues de la fiche</th>
          <th scope="col">Apparitions dans les résultats</th>
        </tr>
      }
    >
      {lieux.map((l) => (
        <tr key={l.id}>
          <td className="maillage-break">
            <Link to={`/lieux/${encodeURIComponent(l.id)}`}>{l.nom || 'Lieu sans nom'}</Link>
          </td>
          <td>{l.commune}</td>
          <td>{day(l.derniereConfirmation)}</td>
          <td>{day(l.miseAJourStructure)}</td>
          <td>{number.format(l.pages)}</td>
          <td>{number.format(l.resultats)}</td>
        </tr>
      ))}
    </Table>
  );
}

// ---- The lieux behind a figure ---------------------------------------------------------------------------------

interface Asked {
  indicateur: string;
  mois?: string;
  /** The button that asked, to give focus back. */
  from: string;
}

function BehindPanel({ query, asked, onClose }: { query: string; asked: Asked; onClose: () => void }) {
  const url = `/api/v1/fiabilite/lieux?${query}&indicateur=${asked.indicateur}${asked.mois ? `&mois=${asked.mois}` : ''}`;
  const behind = useFetched<Behind>(url);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (behind.kind === 'ready' || behind.kind === 'error') heading.current?.focus();
  }, [behind.kind]);
  const title =
    behind.kind === 'ready'
      ? `${behind.data.libelle}${behind.data.mois ? ` (fin ${monthName(behind.data.mois)})` : ''} : ${plural(behind.data.nombre, 'lieu', 'lieux')}`
      : 'Lieux derrière le chiffre';
  return (
    <section aria-labelledby="lieux-derriere" className={fr.cx('fr-mb-4w', 'fr-p-3w')} id="lieux-derriere-section">
      <h2 id="lieux-derriere" ref={heading} tabIndex={-1} className={fr.cx('fr-h4')}>
        {title}
      </h2>
      {behind.kind === 'loading' && <p role="status">Chargement des lieux…</p>}
      {behind.kind === 'error' && <Alert severity="error" small description={behind.message} />}
      {behind.kind === 'ready' &&
        (behind.data.lieux.length === 0 ? <p>Aucun lieu derrière ce chiffre.</p> : <LieuxTable caption={title} lieux={behind.data.lieux} />)}
      <Button priority="secondary" onClick={onClose}>
        Fermer la liste
      </Button>
    </section>
  );
}

/** A figure's "see the lieux" button. */
function Trace({ id, children, onAsk }: { id: string; children: ReactNode; onAsk: (from: string) => void }) {
  return (
    <button type="button" id={id} className={`${fr.cx('fr-link', 'fr-text--sm')} maillage-trace`} onClick={() => onAsk(id)}>
      {children}
    </button>
  );
}

// ---- The page --------------------------------------------------------------------------------------------------

const PERIODS = [
  { value: '12m', label: 'les 12 derniers mois', days: null },
  { value: '3m', label: 'les 3 derniers mois', days: 91 },
  { value: '30j', label: 'les 30 derniers jours', days: 30 },
] as const;
type PeriodValue = (typeof PERIODS)[number]['value'];

/** Today in Paris minus `days` + 1, `YYYY-MM-DD`. */
function startOf(days: number): string {
  const today = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days + 1)).toISOString().slice(0, 10);
}

/** Dashboard readers, coordinateurs too; one territory at a time (the API takes no whole-country request). */
const OPTIONS: TerritoryOptions = { roles: ['admin', 'gestionnaire', 'coordinateur'] };

export function FiabilitePage() {
  const session = useSession();
  const { choice, params, setParams } = useTerritoryChoice(OPTIONS);
  const period = (PERIODS.find((p) => p.value === params.get('periode')) ?? PERIODS[0]) as (typeof PERIODS)[number];
  const territory = choice ? territoryQuery(choice).toString() : '';
  const query = period.days ? `${territory}&du=${startOf(period.days)}` : territory;
  const dashboard = useFetched<Dashboard>(territory ? `/api/v1/fiabilite?${query}` : null);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [periodInput, setPeriodInput] = useState<PeriodValue>(period.value);

  const choose = (c: TerritoryChoice) => {
    const next = choiceParams(c);
    if (period.value !== '12m') next.set('periode', period.value);
    setAsked(null);
    setParams(next);
  };
  const choosePeriod = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (periodInput === '12m') next.delete('periode');
    else next.set('periode', periodInput);
    setAsked(null);
    setParams(next);
  };
  const ask = (indicateur: string, mois?: string) => (from: string) => setAsked({ indicateur, mois, from });
  const close = () => {
    const from = asked?.from;
    setAsked(null);
    if (from) requestAnimationFrame(() => document.getElementById(from)?.focus());
  };

  const d = dashboard.kind === 'ready' ? dashboard.data : null;
  const i = d?.indicateurs;
  return (
    <Page
      title="Fiabilité de la carte"
      lead="Les lieux dont les informations ont été confirmées récemment, et ceux que leur propre structure tient à jour, par rapport aux objectifs de la fiche action 1-C : 95 % des lieux confirmés depuis moins de 6 mois, 50 % mis à jour par leur structure dans l’année."
    >
      <TerritoryPicker {...OPTIONS} value={choice} onChoose={choose} />
      {dashboard.kind === 'loading' && <p role="status">Calcul des chiffres…</p>}
      {dashboard.kind === 'error' && <Alert severity="error" title="Les chiffres n'ont pas pu être calculés" description={dashboard.message} />}
      {d && i && (
        <>
          <h2 className={fr.cx('fr-h3')}>{d.territoire.nom}</h2>
          {d.simule && (
            <Alert
              className={fr.cx('fr-mb-3w')}
              severity="warning"
              title="Historique simulé"
              description="Ce territoire de démonstration contient une année d'activité générée automatiquement (confirmations, modifications, signalements, consultations) pour montrer comment les chiffres évoluent. Ces données ne décrivent pas une activité réelle."
            />
          )}
          <p className={fr.cx('fr-text--sm')}>
            {plural(i.lieux, 'lieu compté', 'lieux comptés')} (ouverts ou fermés temporairement), le {day(d.calculeLe)}.{' '}
            <Trace id="trace-lieux" onAsk={ask('lieux')}>
              Voir les lieux comptés
            </Trace>
          </p>

          <ul className={`${fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-3w')} maillage-figures`} aria-label="Chiffres clés">
            <li className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <div className="maillage-figure">
                <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Lieux confirmés depuis moins de {i.confirmes.mois} mois</h3>
                <p className="maillage-figure__value">{share(i.confirmes.part)}</p>
                <TargetStatus figure={i.confirmes} />
                <p className={fr.cx('fr-mb-0')}>
                  <Trace id="trace-confirmes" onAsk={ask('confirmes')}>
                    Voir les {plural(i.confirmes.nombre, 'lieu confirmé', 'lieux confirmés')} sur {number.format(i.confirmes.total)}
                  </Trace>{' '}
                  ·{' '}
                  <Trace id="trace-non-confirmes" onAsk={ask('non-confirmes')}>
                    les {number.format(i.confirmes.total - i.confirmes.nombre)} autres
                  </Trace>
                </p>
              </div>
            </li>
            <li className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <div className="maillage-figure">
                <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Lieux mis à jour par leur structure depuis moins de {i.structure.mois} mois</h3>
                <p className="maillage-figure__value">{share(i.structure.part)}</p>
                <TargetStatus figure={i.structure} />
                <p className={fr.cx('fr-mb-0')}>
                  <Trace id="trace-structure" onAsk={ask('structure')}>
                    Voir les {plural(i.structure.nombre, 'lieu', 'lieux')} sur {number.format(i.structure.total)}
                  </Trace>{' '}
                  ·{' '}
                  <Trace id="trace-non-structure" onAsk={ask('non-structure')}>
                    les {number.format(i.structure.total - i.structure.nombre)} autres
                  </Trace>
                </p>
              </div>
            </li>
            <li className={fr.cx('fr-col-12', 'fr-col-md-4')}>
              <div className="maillage-figure">
                <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Lieux à vérifier</h3>
                <p className="maillage-figure__value">{number.format(i.aVerifier)}</p>
                <p className={fr.cx('fr-text--sm')}>Personne ne les a confirmés depuis 6 mois.</p>
                <p className={fr.cx('fr-mb-0')}>
                  <Trace id="trace-a-verifier" onAsk={ask('a-verifier')}>
                    Voir les {plural(i.aVerifier, 'lieu à vérifier', 'lieux à vérifier')}
                  </Trace>
                </p>
              </div>
            </li>
            <li className={fr.cx('fr-col-12', 'fr-col-md-4')}>
              <div className="maillage-figure">
                <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Signalements d’erreur en attente</h3>
                <p className="maillage-figure__value">{number.format(i.signalements.ouverts)}</p>
                <p className={fr.cx('fr-text--sm')}>
                  Délai médian de traitement : {hoursText(i.signalements.delaiMedianHeures)}
                  {i.signalements.resolus > 0 && ` (${plural(i.signalements.resolus, 'signalement traité', 'signalements traités')} sur la période)`}.
                </p>
                <p className={fr.cx('fr-mb-0')}>
                  <Trace id="trace-signalements-ouverts" onAsk={ask('signalements-ouverts')}>
                    Voir les {plural(i.signalements.lieuxAvecSignalementOuvert, 'lieu concerné', 'lieux concernés')}
                  </Trace>{' '}
                  ·{' '}
                  <Trace id="trace-signalements-resolus" onAsk={ask('signalements-resolus')}>
                    les lieux corrigés ou vérifiés
                  </Trace>
                  {(session.hasRole('gestionnaire') || session.hasRole('admin')) && (
                    <>
                      {' '}
                      · <Link to="/gestion/signalements">Traiter les signalements</Link>
                    </>
                  )}
                </p>
              </div>
            </li>
            <li className={fr.cx('fr-col-12', 'fr-col-md-4')}>
              <div className="maillage-figure">
                <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Consultations</h3>
                <p className="maillage-figure__value">{number.format(i.consultations.pages)}</p>
                <p className={fr.cx('fr-text--sm')}>
                  {i.consultations.pages > 1 ? 'vues des fiches publiques' : 'vue des fiches publiques'} et{' '}
                  {plural(i.consultations.resultats, 'apparition', 'apparitions')} dans les résultats de recherche, du {periodDay(d.periode.du)} au{' '}
                  {periodDay(d.periode.au)}. Comptées sans cookie ni donnée personnelle.
                </p>
                <p className={fr.cx('fr-mb-0')}>
                  <Trace id="trace-consultes" onAsk={ask('consultes')}>
                    Voir les {plural(i.consultations.lieuxConsultes, 'lieu consulté', 'lieux consultés')}
                  </Trace>
                </p>
              </div>
            </li>
          </ul>

          {asked && <BehindPanel key={`${asked.indicateur}-${asked.mois ?? ''}`} query={query} asked={asked} onClose={close} />}

          <form onSubmit={choosePeriod} className={fr.cx('fr-mb-4w')} aria-label="Période des consultations et signalements">
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <OptionsSelect
                  className={fr.cx('fr-mb-0')}
                  label="Consultations et signalements traités sur"
                  name="periode"
                  value={periodInput}
                  onChange={setPeriodInput}
                  options={PERIODS}
                />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
                <Button type="submit" priority="secondary">
                  Changer la période
                </Button>
              </div>
            </div>
          </form>

          <p>
            <a className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')} href={`/api/v1/fiabilite.xlsx?${query}`} download>
              Télécharger (Excel)
            </a>
            <span className={fr.cx('fr-text--sm')}> — les indicateurs, l’évolution, une feuille par mois, les lieux à vérifier, les consultations.</span>
          </p>

          <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Évolution sur 12 mois</h2>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-lg-6')}>
              <ShareChart
                id="graphique-confirmes"
                title={`Part des lieux confirmés depuis moins de ${i.confirmes.mois} mois`}
                months={d.evolution}
                pick={(m) => m.partConfirmes}
                target={i.confirmes.cible}
              />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-lg-6')}>
              <ShareChart
                id="graphique-structure"
                title={`Part des lieux mis à jour par leur structure depuis moins de ${i.structure.mois} mois`}
                months={d.evolution}
                pick={(m) => m.partStructure}
                target={i.structure.cible}
              />
            </div>
          </div>
          <Table
            id="tableau-evolution"
            caption="Évolution mois par mois (chiffres à la fin de chaque mois ; le mois en cours : aujourd’hui)"
            head={
              <tr>
                <th scope="col">Mois</th>
                <th scope="col">Lieux comptés</th>
                <th scope="col">Confirmés depuis moins de {i.confirmes.mois} mois</th>
                <th scope="col">Part (objectif {percent.format(i.confirmes.cible)})</th>
                <th scope="col">Mis à jour par leur structure ({i.structure.mois} mois)</th>
                <th scope="col">Part (objectif {percent.format(i.structure.cible)})</th>
              </tr>
            }
          >
            {d.evolution.map((m) => (
              <tr key={m.mois}>
                <th scope="row">{monthName(m.mois)}</th>
                <td>
                  <Trace id={`trace-lieux-${m.mois}`} onAsk={ask('lieux', m.mois)}>
                    {number.format(m.lieux)}
                    <span className={fr.cx('fr-sr-only')}> lieux comptés en {monthName(m.mois)} : voir la liste</span>
                  </Trace>
                </td>
                <td>
                  <Trace id={`trace-confirmes-${m.mois}`} onAsk={ask('confirmes', m.mois)}>
                    {number.format(m.confirmes)}
                    <span className={fr.cx('fr-sr-only')}> lieux confirmés en {monthName(m.mois)} : voir la liste</span>
                  </Trace>
                </td>
                <td>{share(m.partConfirmes)}</td>
                <td>
                  <Trace id={`trace-structure-${m.mois}`} onAsk={ask('structure', m.mois)}>
                    {number.format(m.structure)}
                    <span className={fr.cx('fr-sr-only')}> lieux mis à jour par leur structure en {monthName(m.mois)} : voir la liste</span>
                  </Trace>
                </td>
                <td>{share(m.partStructure)}</td>
              </tr>
            ))}
          </Table>

          <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Lieux à vérifier</h2>
          <p>
            Personne n’a confirmé leurs informations depuis 6 mois (ni la structure par son lien, ni un gestionnaire). Les plus anciens en premier ;
            triez par un autre critère avec les titres de colonnes.
          </p>
          <StaleTable lieux={d.aVerifier} />

          <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Les lieux les plus consultés</h2>
          {d.consultations.length === 0 ? (
            <p>Aucune consultation sur la période.</p>
          ) : (
            <LieuxTable caption={`Les ${Math.min(10, d.consultations.length)} lieux les plus consultés sur la période`} lieux={d.consultations.slice(0, 10)} />
          )}
        </>
      )}
    </Page>
  );
}
