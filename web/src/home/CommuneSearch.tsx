import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../platform/api';

interface Commune {
  code: string;
  nom: string;
  departement: string;
  codesPostaux: string[];
  population: number | null;
}

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; query: string; results: Commune[] }
  | { kind: 'error'; message: string };

const numberFormat = new Intl.NumberFormat('fr-FR');

/** A plain form + results list: simpler to use with a screen reader or a magnifier than an autocomplete. */
export function CommuneSearch() {
  const [query, setQuery] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = query.trim();
    if (q.length < 2) {
      setFieldError('Saisissez au moins 2 caractères : le début du nom de la commune ou son code postal.');
      inputRef.current?.focus();
      return;
    }
    setFieldError(undefined);
    setState({ kind: 'loading' });
    try {
      const answer = await api<{ resultats: Commune[] }>(`/api/v1/territoires/communes?q=${encodeURIComponent(q)}`);
      setState({ kind: 'done', query: q, results: answer.resultats ?? [] });
    } catch (error) {
      const onField = error instanceof ApiError ? error.fieldMessage('q') : undefined;
      if (onField) {
        setFieldError(onField);
        setState({ kind: 'idle' });
      } else setState({ kind: 'error', message: errorMessage(error) });
    }
  }

  const status =
    state.kind === 'loading'
      ? 'Recherche en cours…'
      : state.kind === 'done'
        ? state.results.length === 0
          ? `Aucune commune trouvée pour « ${state.query} ».`
          : `${state.results.length} ${state.results.length > 1 ? 'communes trouvées' : 'commune trouvée'} pour « ${state.query} ».`
        : '';

  return (
    <section aria-labelledby="recherche-commune-titre">
      <h2 id="recherche-commune-titre">Trouver une commune</h2>
      <form role="search" aria-label="Rechercher une commune" onSubmit={submit} noValidate>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
            <Input
              className={fr.cx('fr-mb-0')}
              label="Nom de la commune ou code postal"
              hintText="Par exemple : Poitiers ou 86000"
              state={fieldError ? 'error' : 'default'}
              stateRelatedMessage={fieldError}
              nativeInputProps={{
                id: 'recherche-commune',
                ref: inputRef,
                type: 'search',
                name: 'q',
                autoComplete: 'off',
                value: query,
                onChange: (event) => setQuery(event.target.value),
                'aria-invalid': fieldError ? true : undefined,
              }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Button type="submit" iconId="fr-icon-search-line" disabled={state.kind === 'loading'}>
              Rechercher
            </Button>
          </div>
        </div>
      </form>

      <p role="status" className={fr.cx('fr-mt-3w', 'fr-mb-1w')}>
        {status}
      </p>
      {state.kind === 'error' && <Alert severity="error" as="h3" title="La recherche n'a pas abouti" description={state.message} />}
      {state.kind === 'done' && state.results.length > 0 && (
        <ul className="maillage-results" aria-label="Communes trouvées">
          {state.results.map((c) => (
            <li key={c.code}>
              <strong>{c.nom}</strong> ({c.departement})
              <br />
              <span className={fr.cx('fr-text--sm')}>
                {c.codesPostaux.length > 1 ? 'Codes postaux' : 'Code postal'} : {c.codesPostaux.join(', ') || '—'}
                {c.population != null && <> · {numberFormat.format(c.population)} habitants</>} · code Insee {c.code}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
