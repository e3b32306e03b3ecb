import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ToVerifyBadge, confirmationDay } from '../freshness/Confirmation';
import { api, errorMessage } from '../platform/api';
import { Page } from '../platform/Page';
import { formatDay, plural, StatusBadge } from './format';
import type { LieuSummary, LieuxPage } from './types';
import { DISPOSITIFS, SERVICES } from './vocabulary';

const PAGE_SIZE = 20;
const INSEE = /^(\d{5}|2[AB]\d{3})$/i;

/** The URL's filters, passed as is to the API (`services` repeated). */
export function apiQuery(params: URLSearchParams, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const key of ['departement', 'epci', 'commune', 'source', 'dispositif', 'q', 'a_verifier']) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  for (const service of params.getAll('services')) query.append('services', service);
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  return query.toString();
}

type Loaded =
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: LieuSummary[]; next: string | null; total: number | null; loadingMore: boolean; announce: string };
type Results = { kind: 'loading' } | Loaded;

export function LieuxListPage() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // The answer is kept with the query it answers: another query shows "loading" until its own answer arrives.
  const [loaded, setLoaded] = useState<{ search: string; state: Loaded } | null>(null);
  const results: Results = loaded && loaded.search === search ? loaded.state : { kind: 'loading' };
  const setResults = (state: Loaded) => setLoaded({ search, state });
  const firstNewRef = useRef<HTMLAnchorElement>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const pendingFocus = useRef(false);

  useEffect(() => {
    let cancelled = false;
    api<LieuxPage>(`/api/v1/lieux?${apiQuery(new URLSearchParams(search), { limite: String(PAGE_SIZE) })}`)
      .then((page) => {
        if (cancelled) return;
        const total = typeof page.total === 'number' ? page.total : null;
        setLoaded({ search, state: { kind: 'ready', items: page.resultats, next: page.curseurSuivant ?? null, total, loadingMore: false, announce: countText(page.resultats.length, total, !!page.curseurSuivant) } });
      })
      .catch((e: unknown) => {
        if (!cancelled) setLoaded({ search, state: { kind: 'error', message: errorMessage(e) } });
      });
    return () => {
      cancelled = true;
    };
  }, [search]);

  // After "Charger plus", focus goes to the first newly loaded lieu.
  useEffect(() => {
    if (pendingFocus.current) {
      pendingFocus.current = false;
      firstNewRef.current?.focus();
    }
  });

  async function loadMore() {
    if (results.kind !== 'ready' || !results.next) return;
    const before = results.items.length;
    setResults({ ...results, loadingMore: true, announce: 'Chargement des lieux suivants…' });
    try {
      const page = await api<LieuxPage>(`/api/v1/lieux?${apiQuery(params, { limite: String(PAGE_SIZE), curseur: results.next })}`);
      const items = [...results.items, ...page.resultats];
      setResults({
        kind: 'ready',
        items,
        next: page.curseurSuivant ?? null,
        total: results.total,
        loadingMore: false,
        announce: `${plural(page.resultats.length, 'lieu de plus chargé', 'lieux de plus chargés')}. ${countText(items.length, results.total, !!page.curseurSuivant)}`,
      });
      setFocusIndex(before);
      pendingFocus.current = true;
    } catch (e) {
      setResults({ ...results, loadingMore: false, announce: `Les lieux suivants n'ont pas pu être chargés : ${errorMessage(e)}` });
    }
  }

  return (
    <Page
      title="Lieux de médiation numérique"
      lead="Les lieux où chacun peut se faire aider pour utiliser le numérique : démarches en ligne, ordinateur, téléphone, Internet."
    >
      <p>
        <Link className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')} to="/lieux/export">
          Télécharger les données des lieux
        </Link>
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          {/* Remounted when the URL changes (back button): the form always shows the filters in use. */}
          <FiltersForm key={search} params={params} onApply={(next) => setParams(next)} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
          <h2 id="resultats-titre">Résultats</h2>
          <p role="status" aria-live="polite" className={fr.cx('fr-mb-2w')} data-testid="lieux-compte">
            {results.kind === 'loading' ? 'Recherche des lieux…' : results.kind === 'ready' ? results.announce : ''}
          </p>
          {results.kind === 'error' && <Alert severity="error" as="h3" title="La liste des lieux n'a pas pu être chargée" description={results.message} />}
          {results.kind === 'ready' && results.items.length > 0 && (
            <ul className="maillage-results" aria-labelledby="resultats-titre">
              {results.items.map((lieu, i) => (
                <li key={lieu.id}>
                  <h3 className={fr.cx('fr-h6', 'fr-mb-1v')}>
                    <Link ref={i === focusIndex ? firstNewRef : undefined} to={`/lieux/${encodeURIComponent(lieu.id)}`}>
                      {lieu.nom}
                    </Link>
                  </h3>
                  <p className={fr.cx('fr-mb-1v')}>
                    {lieu.adresse}, {lieu.code_postal} {lieu.commune}
                  </p>
                  {((lieu.statut && lieu.statut.kind !== 'ouvert') || lieu.aVerifier) && (
                    <p className={fr.cx('fr-mb-1v')}>
                      {lieu.statut && lieu.statut.kind !== 'ouvert' && <StatusBadge status={lieu.statut} />}
                      {lieu.statut && lieu.statut.kind !== 'ouvert' && lieu.aVerifier && ' '}
                      {lieu.aVerifier && <ToVerifyBadge />}
                    </p>
                  )}
                  <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>
                    {lieu.services.length > 0 ? <>Services : {lieu.services.join(' · ')}</> : 'Services non renseignés'}
                    <br />
                    {lieu.sources.length > 1 ? 'Sources' : 'Source'} : {lieu.sources.join(', ') || '—'} · mis à jour le {formatDay(lieu.date_maj)}
                    {' · '}
                    {lieu.confirmeLe ? `confirmé le ${confirmationDay(lieu.confirmeLe)}` : 'jamais confirmé'}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {results.kind === 'ready' && results.items.length === 0 && (
            <p>Aucun lieu ne correspond à ces critères. Essayez d'enlever un filtre ou d'élargir le territoire.</p>
          )}
          {results.kind === 'ready' && results.next && (
            <Button className={fr.cx('fr-mt-3w')} priority="secondary" disabled={results.loadingMore} onClick={() => void loadMore()}>
              {results.loadingMore ? 'Chargement…' : 'Charger plus de lieux'}
            </Button>
          )}
        </div>
      </div>
    </Page>
  );
}

function countText(shown: number, total: number | null, more: boolean): string {
  if (total !== null) return `${plural(total, 'lieu trouvé', 'lieux trouvés')}, ${plural(shown, 'affiché', 'affichés')}.`;
  if (shown === 0) return 'Aucun lieu trouvé.';
  return more
    ? `${plural(shown, 'lieu affiché', 'lieux affichés')} ; d'autres lieux correspondent, utilisez « Charger plus de lieux ».`
    : `${plural(shown, 'lieu trouvé', 'lieux trouvés')}.`;
}

interface FiltersFormProps {
  params: URLSearchParams;
  onApply: (next: URLSearchParams) => void;
}

function FiltersForm({ params, onApply }: FiltersFormProps) {
  const [q, setQ] = useState(params.get('q') ?? '');
  const [departement, setDepartement] = useState(params.get('departement') ?? '');
  const [epci, setEpci] = useState(params.get('epci') ?? '');
  const [commune, setCommune] = useState(params.get('commune') ?? '');
  const [source, setSource] = useState(params.get('source') ?? '');
  const [dispositif, setDispositif] = useState(params.get('dispositif') ?? '');
  const [services, setServices] = useState<string[]>(params.getAll('services'));
  const [toVerify, setToVerify] = useState(params.get('a_verifier') === 'true');
  const [communeError, setCommuneError] = useState<string | undefined>();
  const [communeName, setCommuneName] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const communeRef = useRef<HTMLInputElement>(null);
  const appliedCommune = params.get('commune');

  // Show the name of the commune in use.
  useEffect(() => {
    if (!appliedCommune) return;
    let cancelled = false;
    api<{ nom: string; departement: { code: string } }>(`/api/v1/territoires/communes/${encodeURIComponent(appliedCommune)}`)
      .then((c) => {
        if (!cancelled) setCommuneName(`${c.nom} (${c.departement.code})`);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [appliedCommune]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCommuneError(undefined);
    let communeCode = commune.trim();
    if (communeCode && !INSEE.test(communeCode)) {
      setBusy(true);
      try {
        const found = await api<{ resultats: Array<{ code: string; nom: string }> }>(`/api/v1/territoires/communes?q=${encodeURIComponent(communeCode)}&limite=1`);
        const best = found.resultats[0];
        if (!best) {
          setCommuneError(`Aucune commune ne correspond à « ${communeCode} ». Vérifiez l'orthographe ou saisissez le code Insee.`);
          communeRef.current?.focus();
          return;
        }
        communeCode = best.code;
      } catch (e) {
        setCommuneError(errorMessage(e));
        communeRef.current?.focus();
        return;
      } finally {
        setBusy(false);
      }
    }
    const next = new URLSearchParams();
    const put = (k: string, v: string) => {
      if (v.trim()) next.set(k, v.trim());
    };
    put('q', q);
    put('departement', departement);
    put('epci', epci);
    put('commune', communeCode.toUpperCase());
    put('source', source);
    put('dispositif', dispositif);
    for (const s of services) next.append('services', s);
    if (toVerify) next.set('a_verifier', 'true');
    onApply(next);
  }

  const active = [...params.keys()].length > 0;

  return (
    <form role="search" aria-label="Rechercher et filtrer les lieux" onSubmit={(e) => void submit(e)} noValidate>
      <h2 className={fr.cx('fr-h4')}>Rechercher</h2>
      <Input
        label="Nom, adresse ou commune"
        hintText="Par exemple : médiathèque, France Services, Châtellerault"
        nativeInputProps={{ type: 'search', name: 'q', value: q, onChange: (e) => setQ(e.target.value), autoComplete: 'off' }}
      />
      <fieldset className={fr.cx('fr-fieldset')} aria-labelledby="filtre-territoire-legende">
        <legend id="filtre-territoire-legende" className={fr.cx('fr-fieldset__legend', 'fr-text--regular')}>
          Territoire
        </legend>
        <div className={fr.cx('fr-fieldset__element')}>
          <Input
            label="Commune"
            hintText={`Nom ou code Insee. ${communeName ? `Commune choisie : ${communeName}.` : 'Par exemple : Poitiers ou 86194'}`}
            state={communeError ? 'error' : 'default'}
            stateRelatedMessage={communeError}
            nativeInputProps={{
              ref: communeRef,
              name: 'commune',
              value: commune,
              onChange: (e) => setCommune(e.target.value),
              autoComplete: 'off',
              'aria-invalid': communeError ? true : undefined,
            }}
          />
        </div>
        <div className={fr.cx('fr-fieldset__element')}>
          <Input
            label="Intercommunalité (SIREN de l'EPCI)"
            hintText="9 chiffres, par exemple : 200069854"
            nativeInputProps={{ name: 'epci', inputMode: 'numeric', value: epci, onChange: (e) => setEpci(e.target.value), autoComplete: 'off' }}
          />
        </div>
        <div className={fr.cx('fr-fieldset__element')}>
          <Input
            label="Département (numéro)"
            hintText="Par exemple : 86"
            nativeInputProps={{ name: 'departement', value: departement, onChange: (e) => setDepartement(e.target.value), autoComplete: 'off' }}
          />
        </div>
      </fieldset>
      <Checkbox
        legend="Services proposés"
        hintText="Les lieux qui proposent au moins un des services cochés."
        small
        options={SERVICES.map((s) => ({
          label: s,
          nativeInputProps: {
            name: 'services',
            value: s,
            checked: services.includes(s),
            onChange: (e) => setServices((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s))),
          },
        }))}
      />
      <Select
        label="Dispositif ou programme national"
        nativeSelectProps={{ name: 'dispositif', value: dispositif, onChange: (e) => setDispositif(e.target.value) }}
      >
        <option value="">Tous les dispositifs</option>
        {DISPOSITIFS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </Select>
      <Checkbox
        legend="Fiabilité"
        small
        options={[
          {
            label: 'Seulement les lieux à vérifier',
            hintText: 'Aucune confirmation de leurs informations depuis 6 mois.',
            nativeInputProps: { name: 'a_verifier', value: 'true', checked: toVerify, onChange: (e) => setToVerify(e.target.checked) },
          },
        ]}
      />
      <Input
        label="Source des données"
        hintText="Le nom de la source telle qu'importée, par exemple : france-services"
        nativeInputProps={{ name: 'source', value: source, onChange: (e) => setSource(e.target.value), autoComplete: 'off' }}
      />
      <Button type="submit" iconId="fr-icon-search-line" disabled={busy} className={fr.cx('fr-mr-2w', 'fr-mb-1w')}>
        Afficher les lieux
      </Button>
      {active && (
        <Button type="button" priority="tertiary" className={fr.cx('fr-mb-1w')} onClick={() => onApply(new URLSearchParams())}>
          Effacer les filtres
        </Button>
      )}
    </form>
  );
}
