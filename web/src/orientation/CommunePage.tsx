import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Form, Link, useSearchParams } from 'react-router';
import { Page } from '../platform/Page';
import { answersOf, withAnswers } from './model';
import type { Commune } from './types';
import { useFetched } from '../platform/useFetched';
import './orientation.css';

type State = { kind: 'loading' } | { kind: 'ready'; communes: Commune[] } | { kind: 'error'; message: string };

/** "Submit, then choose": the communes matching what was typed (typos tolerated by the server), each one a plain link. */
export function CommunePage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const suite = params.get('suite') === 'accessibilite' ? 'accessibilite' : 'resultats';
  const fetched = useFetched<{ resultats: Commune[] }>(q.length >= 2 ? `/api/v1/territoires/communes?q=${encodeURIComponent(q)}&limite=10` : null);
  const state: State =
    fetched.kind === 'ready' ? { kind: 'ready', communes: fetched.data.resultats ?? [] } : fetched.kind === 'error' ? { kind: 'error', message: fetched.message } : { kind: 'loading' };

  const target = (c: Commune) => {
    const next = withAnswers(params, { commune: c.code, commune_nom: c.nom, lat: null, lon: null });
    if (suite === 'accessibilite') {
      next.set('etape', 'accessibilite');
      return `/orientation?${next.toString()}`;
    }
    return `/orientation/resultats?${next.toString()}`;
  };
  const tooShort = q.length < 2;

  return (
    <Page title="Choisissez votre commune" crumbs={[{ label: "Trouver de l'aide", to: '/orientation' }]} narrow>
      {tooShort ? (
        <Alert severity="warning" as="h2" small className={fr.cx('fr-mb-3w')} description="Tapez le nom de votre commune ou son code postal (au moins 2 caractères)." />
      ) : state.kind === 'loading' ? (
        <p role="status">Recherche des communes…</p>
      ) : state.kind === 'error' ? (
        <Alert severity="error" as="h2" title="La recherche n'a pas abouti" description={state.message} className={fr.cx('fr-mb-3w')} />
      ) : state.communes.length === 0 ? (
        <p role="status">
          Aucune commune trouvée pour « {q} ». Vérifiez l'orthographe, ou tapez le code postal (5 chiffres).
        </p>
      ) : (
        <>
          <p role="status">
            {state.communes.length > 1
              ? `${state.communes.length} communes ressemblent à « ${q} ». Choisissez la vôtre :`
              : `Une commune ressemble à « ${q} ». Est-ce la vôtre ?`}
          </p>
          <ul className="maillage-lieux" aria-label="Communes trouvées">
            {state.communes.map((c) => (
              <li key={c.code}>
                <Link to={target(c)} className={fr.cx('fr-link', 'fr-text--lg')}>
                  {c.nom} ({c.codesPostaux.join(', ') || c.departement})
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className={fr.cx('fr-h5', 'fr-mt-4w')}>Ce n'est pas la bonne commune ?</h2>
      <Form key={q} method="get" action="/orientation/commune">
        {answersOf(params, ['commune', 'commune_nom', 'lat', 'lon']).map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="suite" value={suite} />
        <Input
          label="Votre commune"
          hintText="Le nom ou le code postal"
          nativeInputProps={{ id: 'choisir-commune', name: 'q', defaultValue: q, type: 'text', autoComplete: 'address-level2' }}
        />
        <Button type="submit" iconId="fr-icon-search-line">
          Chercher à nouveau
        </Button>
      </Form>
    </Page>
  );
}
