import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useSearchParams } from 'react-router';
import { formatKm, formatMinutes, formatPhone, openingText } from '../orientation/model';
import type { Commune, OrientationAnswer, OrientationResult } from '../orientation/types';
import { api, errorMessage } from '../platform/api';
import { usePageTitle } from '../platform/Page';
import { parseWidgetConfig, WIDGET_SERVICES, type Territory } from './config';
import './widget.css';

/**
 * The embeddable search (docs/widget.md): no header, footer or menu, since it lives in a commune's or a CCAS's page.
 * A commune (typed, then chosen in a list of buttons), a need among the configured services, "Rechercher", then the
 * 5 nearest lieux. Every link opens the Maillage site in a new window: the widget itself never navigates.
 */

const RESULTS = 5;
const SUGGESTIONS = 6;
export const HEIGHT_MESSAGE = 'maillage-widget-hauteur';

interface CommuneDetail {
  code: string;
  nom: string;
  departement: { code: string };
  codesPostaux: string[];
  population: number | null;
}

/** What the territory of the address changes: the commune chosen at first, and which communes are suggested first. */
interface TerritoryContext {
  preset: Commune | null;
  /** Suggested before the others (the commune search API has no territory filter: docs/widget.md). */
  isInside: (c: Commune) => boolean;
  problem: string | null;
}

const NO_TERRITORY: TerritoryContext = { preset: null, isInside: () => false, problem: null };

function useTerritory(territory: Territory): TerritoryContext | 'loading' {
  const key = territory.kind === 'none' ? '' : territory.kind === 'epci' ? territory.siren : territory.code;
  const [loaded, setLoaded] = useState<{ key: string; context: TerritoryContext } | null>(null);
  useEffect(() => {
    if (territory.kind === 'none') return;
    let cancelled = false;
    const done = (context: TerritoryContext) => {
      if (!cancelled) setLoaded({ key, context });
    };
    const failed = (what: string) => (error: unknown) =>
      done({ ...NO_TERRITORY, problem: `${what} : ${errorMessage(error)} Le territoire est ignoré ; tapez votre commune.` });
    if (territory.kind === 'commune') {
      api<CommuneDetail>(`/api/v1/territoires/communes/${encodeURIComponent(territory.code)}`).then(
        (c) =>
          done({
            preset: { code: c.code, nom: c.nom, departement: c.departement.code, codesPostaux: c.codesPostaux, population: c.population },
            isInside: (other) => other.departement === c.departement.code,
            problem: null,
          }),
        failed(`Commune « ${territory.code} »`),
      );
    } else if (territory.kind === 'epci') {
      api<{ communes: Array<{ code: string }> }>(`/api/v1/territoires/epci/${encodeURIComponent(territory.siren)}`).then((e) => {
        const members = new Set(e.communes.map((c) => c.code));
        done({ preset: null, isInside: (c) => members.has(c.code), problem: null });
      }, failed(`EPCI « ${territory.siren} »`));
    } else {
      api<{ code: string }>(`/api/v1/territoires/departements/${encodeURIComponent(territory.code)}`).then(
        (d) => done({ preset: null, isInside: (c) => c.departement === d.code, problem: null }),
        failed(`Département « ${territory.code} »`),
      );
    }
    return () => {
      cancelled = true;
    };
  }, [territory, key]);
  if (territory.kind === 'none') return NO_TERRITORY;
  return loaded?.key === key ? loaded.context : 'loading';
}

/** Tells the embedding page (web/public/widget.js) the height of the content, each time it changes. */
function useReportHeight(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el || window.parent === window) return;
    let last = 0;
    const post = () => {
      const hauteur = Math.ceil(el.getBoundingClientRect().bottom + window.scrollY);
      if (hauteur === last) return;
      last = hauteur;
      // Only a number leaves the frame: any page may hear it.
      window.parent.postMessage({ type: HEIGHT_MESSAGE, hauteur }, '*');
    };
    post();
    if (typeof ResizeObserver === 'function') {
      const observer = new ResizeObserver(post);
      observer.observe(el);
      return () => observer.disconnect();
    }
    const timer = window.setInterval(post, 500);
    return () => window.clearInterval(timer);
  }, [ref]);
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();

const communeLabel = (c: Commune) => `${c.nom} (${c.codesPostaux.length > 0 ? c.codesPostaux.slice(0, 2).join(', ') : c.departement})`;

/** The one commune the words designate without doubt, if any: the only answer, or the only exact name (or postal code). */
function obvious(typed: string, communes: Commune[], isInside: (c: Commune) => boolean): Commune | undefined {
  if (communes.length === 1) return communes[0];
  const t = plain(typed);
  const exact = communes.filter((c) => plain(c.nom) === t || c.codesPostaux.includes(typed.trim()));
  if (exact.length === 1) return exact[0];
  const inside = exact.filter(isInside);
  return inside.length === 1 ? inside[0] : undefined;
}

type Search =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; answer: OrientationAnswer; commune: Commune; allUrl: string; at: Date }
  | { kind: 'error'; message: string };

export function WidgetPage() {
  const [params] = useSearchParams();
  const config = useMemo(() => parseWidgetConfig(params), [params]);
  const territory = useTerritory(config.territory);
  const isInside = territory === 'loading' ? NO_TERRITORY.isInside : territory.isInside;
  usePageTitle(config.title);

  const rootRef = useRef<HTMLElement>(null);
  useReportHeight(rootRef);

  // The commune: typed, then chosen among suggestions (or preset by the territory of the address).
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Commune | null>(null);
  const [presetApplied, setPresetApplied] = useState(false);
  const [suggestions, setSuggestions] = useState<{ query: string; communes: Commune[] } | null>(null);
  const [lookingUp, setLookingUp] = useState(false);
  const [communeError, setCommuneError] = useState<string | undefined>();
  const [communeStatus, setCommuneStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const lookupId = useRef(0);

  if (territory !== 'loading' && territory.preset && !presetApplied) {
    setPresetApplied(true);
    setChosen(territory.preset);
    setText(territory.preset.nom);
  }

  const choices = config.services.length > 0 ? WIDGET_SERVICES.filter((s) => config.services.includes(s.value)) : WIDGET_SERVICES;
  const [need, setNeed] = useState('');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (search.kind === 'ready') resultsHeading.current?.focus();
  }, [search]);

  async function lookup(q: string): Promise<Commune[] | null> {
    const id = ++lookupId.current;
    setLookingUp(true);
    try {
      // The search has no territory filter: ask for more, then put the territory's communes first.
      const limit = config.territory.kind === 'none' ? SUGGESTIONS : 50;
      const answer = await api<{ resultats: Commune[] }>(`/api/v1/territoires/communes?q=${encodeURIComponent(q)}&limite=${limit}`);
      const all = answer.resultats ?? [];
      const ranked = [...all.filter(isInside), ...all.filter((c) => !isInside(c))].slice(0, SUGGESTIONS);
      if (id !== lookupId.current) return null;
      setSuggestions({ query: q, communes: ranked });
      setCommuneStatus(
        ranked.length === 0
          ? `Aucune commune trouvée pour « ${q} ». Vérifiez l'orthographe, ou tapez le code postal.`
          : `${ranked.length} ${ranked.length > 1 ? 'communes proposées' : 'commune proposée'} sous le champ : choisissez la vôtre.`,
      );
      return ranked;
    } catch (error) {
      if (id !== lookupId.current) return null;
      setSuggestions(null);
      setCommuneError(errorMessage(error));
      return null;
    } finally {
      if (id === lookupId.current) setLookingUp(false);
    }
  }

  function onType(value: string) {
    setText(value);
    setChosen(null);
    setCommuneError(undefined);
    window.clearTimeout(timer.current);
    const q = value.trim();
    if (q.length < 2) {
      lookupId.current++;
      setSuggestions(null);
      setLookingUp(false);
      setCommuneStatus('');
      return;
    }
    timer.current = window.setTimeout(() => void lookup(q), 250);
  }

  function choose(c: Commune) {
    setChosen(c);
    setText(c.nom);
    setSuggestions(null);
    setCommuneError(undefined);
    setCommuneStatus(`Commune choisie : ${communeLabel(c)}.`);
    inputRef.current?.focus();
  }

  function moveIn(event: KeyboardEvent<HTMLElement>, from: 'input' | number) {
    const buttons = Array.from(listRef.current?.querySelectorAll('button') ?? []);
    if (buttons.length === 0) return;
    let to: number | null = null;
    if (event.key === 'ArrowDown') to = from === 'input' ? 0 : Math.min(from + 1, buttons.length - 1);
    else if (event.key === 'ArrowUp' && from !== 'input') to = from - 1;
    else if (event.key === 'Escape' && from !== 'input') to = -1;
    if (to === null) return;
    event.preventDefault();
    if (to < 0) inputRef.current?.focus();
    else buttons[to]?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Not a disabled button while searching: it would lose the keyboard focus.
    if (search.kind === 'loading') return;
    let commune = chosen;
    if (!commune) {
      const q = text.trim();
      if (q.length < 2) {
        setCommuneError('Tapez le nom de votre commune ou son code postal (au moins 2 caractères), puis choisissez-la dans la liste.');
        inputRef.current?.focus();
        return;
      }
      window.clearTimeout(timer.current);
      const found = suggestions?.query === q ? suggestions.communes : await lookup(q);
      if (!found) return;
      commune = obvious(q, found, isInside) ?? null;
      if (!commune) {
        setCommuneError(
          found.length === 0
            ? `Aucune commune ne correspond à « ${q} ». Vérifiez l'orthographe, ou tapez le code postal.`
            : `Plusieurs communes correspondent à « ${q} » : choisissez la vôtre dans la liste sous le champ.`,
        );
        inputRef.current?.focus();
        return;
      }
      choose(commune);
    }
    const services = need ? [need] : config.services;
    const q = new URLSearchParams({ commune: commune.code });
    for (const s of services) q.append('services', s);
    q.set('rayon_km', String(config.radius));
    q.set('limite', String(RESULTS));
    // The full results page takes one need: with several services asked at once, it shows every lieu.
    const all = new URLSearchParams({ commune: commune.code, commune_nom: commune.nom });
    const oneNeed = services.length === 1 ? WIDGET_SERVICES.find((s) => s.value === services[0])?.need : undefined;
    if (oneNeed) all.set('besoin', oneNeed);
    all.set('rayon', String(config.radius));
    setSearch({ kind: 'loading' });
    try {
      const answer = await api<OrientationAnswer>(`/api/v1/orientation?${q.toString()}`);
      setSearch({ kind: 'ready', answer, commune, allUrl: `${window.location.origin}/orientation/resultats?${all.toString()}`, at: new Date() });
    } catch (error) {
      setSearch({ kind: 'error', message: errorMessage(error) });
    }
  }

  const problems = [...config.problems, ...(territory !== 'loading' && territory.problem ? [territory.problem] : [])];
  const showSuggestions = !chosen && suggestions && suggestions.query === text.trim() && suggestions.communes.length > 0;

  return (
    <main ref={rootRef} className="maillage-widget" aria-labelledby="widget-titre">
      <h2 id="widget-titre" className={fr.cx('fr-h4', 'fr-mb-2w')}>
        {config.title}
      </h2>
      {problems.length > 0 && (
        <Alert
          severity="warning"
          small
          className={fr.cx('fr-mb-2w')}
          description={
            <>
              Ce module de recherche est mal réglé par le site qui l'affiche ; la recherche fonctionne quand même.
              <ul className="maillage-widget-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          }
        />
      )}
      <form role="search" aria-label="Rechercher un lieu d'aide au numérique" onSubmit={(e) => void submit(e)} noValidate>
        <Input
          className={fr.cx('fr-mb-1w')}
          label="Votre commune"
          hintText="Le nom ou le code postal, puis choisissez votre commune dans la liste"
          state={communeError ? 'error' : 'default'}
          stateRelatedMessage={communeError}
          nativeInputProps={{
            id: 'widget-commune',
            ref: inputRef,
            name: 'commune',
            type: 'text',
            autoComplete: 'address-level2',
            value: text,
            onChange: (e) => onType(e.target.value),
            onKeyDown: (e) => moveIn(e, 'input'),
            'aria-invalid': communeError ? true : undefined,
          }}
        />
        <p role="status" className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
          {lookingUp ? 'Recherche des communes…' : communeStatus}
        </p>
        {showSuggestions && (
          <ul ref={listRef} className="maillage-widget-suggestions" aria-label="Communes proposées">
            {suggestions.communes.map((c, i) => (
              <li key={c.code}>
                <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={() => choose(c)} onKeyDown={(e) => moveIn(e, i)}>
                  {communeLabel(c)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {choices.length === 1 ? (
          <p className={fr.cx('fr-mb-2w')}>
            Aide proposée : <strong>{choices[0]!.label}</strong>
          </p>
        ) : (
          <Select
            label="De quoi avez-vous besoin ?"
            nativeSelectProps={{ id: 'widget-besoin', name: 'besoin', value: need, onChange: (e) => setNeed(e.target.value) }}
          >
            <option value="">{config.services.length > 1 ? 'Toutes ces aides' : 'Toutes les aides'}</option>
            {choices.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        )}
        <Button type="submit" iconId="fr-icon-search-line">
          Rechercher
        </Button>
      </form>

      <div className={fr.cx('fr-mt-3w')}>
        <p role="status" className="maillage-widget-count">
          {search.kind === 'loading'
            ? 'Recherche des lieux…'
            : search.kind === 'ready'
              ? search.answer.total === 0
                ? `Aucun lieu trouvé à moins de ${config.radius} km de ${search.commune.nom}.`
                : search.answer.total > search.answer.resultats.length
                  ? `${search.answer.total} lieux trouvés : voici les ${search.answer.resultats.length} plus proches.`
                  : `${search.answer.total} ${search.answer.total > 1 ? 'lieux trouvés' : 'lieu trouvé'}.`
              : ''}
        </p>
        {search.kind === 'error' && <Alert severity="error" small role="alert" description={`La recherche n'a pas abouti. ${search.message}`} />}
        {search.kind === 'ready' && (
          <>
            <h3 ref={resultsHeading} tabIndex={-1} className={fr.cx('fr-h5', 'fr-mb-1w')} id="widget-resultats">
              {search.answer.total === 0 ? 'Être aidé à distance' : `Près de ${search.commune.nom}`}
            </h3>
            {search.answer.total === 0 ? (
              <p>
                Solidarité Numérique vous aide par téléphone : <a href="tel:+33170772372">01 70 772 372</a>.
              </p>
            ) : (
              <ol className="maillage-widget-lieux" aria-labelledby="widget-resultats">
                {search.answer.resultats.slice(0, RESULTS).map((r) => (
                  <WidgetResult key={r.id} r={r} now={search.at} />
                ))}
              </ol>
            )}
            <p className={fr.cx('fr-mt-2w', 'fr-mb-0')}>
              <a href={search.allUrl} target="_blank" rel="noopener" title="Voir tous les lieux sur le site Maillage (nouvelle fenêtre)" className={fr.cx('fr-link')}>
                Voir tous les lieux
              </a>
            </p>
          </>
        )}
      </div>
      <p className={fr.cx('fr-text--xs', 'fr-mt-2w', 'fr-mb-0')}>
        Service public proposé par{' '}
        <a href={`${window.location.origin}/`} target="_blank" rel="noopener" title="Maillage, le réseau de l'inclusion numérique (nouvelle fenêtre)">
          Maillage
        </a>
        .
      </p>
    </main>
  );
}

function WidgetResult({ r, now }: { r: OrientationResult; now: Date }) {
  const href = `${window.location.origin}/lieu/${encodeURIComponent(r.id)}`;
  return (
    <li>
      <h4 className={fr.cx('fr-text--lg', 'fr-mb-1v')}>
        <a href={href} target="_blank" rel="noopener" title={`${r.nom} : horaires, contact et itinéraire (nouvelle fenêtre)`}>
          {r.nom}
        </a>
      </h4>
      <ul className="maillage-widget-facts">
        <li>
          {r.adresse}
          {r.commune && !r.adresse.includes(r.commune) ? `, ${r.commune}` : ''}
        </li>
        <li>
          À {formatKm(r.distance_km)} — environ {formatMinutes(r.duree_estimee_min)} en voiture
        </li>
        <li>
          <strong>{openingText(r, now, null, now)}</strong>
        </li>
        {r.telephone && (
          <li>
            <a href={`tel:${r.telephone.replace(/\s/g, '')}`}>Téléphoner : {formatPhone(r.telephone)}</a>
          </li>
        )}
      </ul>
    </li>
  );
}
